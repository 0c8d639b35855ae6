// The README's first command: starts the project's emulator in-process (no network, no
// real token) and walks the whole workflow through the built CLI, showing what a user
// would see: from `apps create` to querying the deployed app's emulated runtime (the
// examples/spice-shop spicepod and its file: dataset). Run with `npm run demo`.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../dist/emulator.js';

const bin = fileURLToPath(new URL('../bin/spice-cloud.cjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'spice-cloud-demo-'));
const shop = fileURLToPath(new URL('../examples/spice-shop/', import.meta.url));
// The runtime reads the spicepod's file: datasets from --data-dir (here: examples/spice-shop).
const emu = await startEmulator({ port: 0, queuedMs: 800, runningMs: 1500, runtime: { dataDir: shop } });
const env = {
  ...process.env,
  SPICE_API_URL: emu.url,
  SPICE_API_TOKEN: emu.token,
  XDG_CONFIG_HOME: join(work, 'config'),
  SPICE_APP: '',
};
const bold = (s) => (process.stdout.isTTY && !('NO_COLOR' in process.env) ? `\x1b[1m${s}\x1b[0m` : s);

let failures = 0;
// Asynchronous on purpose: the emulator runs in this process and must keep answering.
function runCli(args, input) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env, cwd: work, stdio: [input ? 'pipe' : 'inherit', 'inherit', 'inherit'] });
    if (input) child.stdin.end(input.data);
    child.on('close', (code) => resolve(code));
  });
}

async function step(title, args, { input, expect = 0 } = {}) {
  console.log(`\n${bold(`# ${title}`)}`);
  console.log(`$ ${input !== undefined ? `${input.display} | ` : ''}spice-cloud ${args.map((a) => (/[\s|'"]/.test(a) ? `'${a}'` : a)).join(' ')}`);
  const status = await runCli(args, input);
  if (status !== expect) {
    failures++;
    console.log(`(exit ${status}, expected ${expect})`);
  } else if (expect !== 0) {
    console.log(`(exit ${status}, as expected)`);
  }
}

copyFileSync(join(shop, 'spicepod.yaml'), join(work, 'spicepod.yaml'));
writeFileSync(join(work, '.env'), ['# secrets for demo-shop', 'export OPENAI_KEY="sk-demo-not-real"', "STRIPE_KEY='rk_demo_not_real'", 'MULTILINE="line one', 'line two"', ''].join('\n'));

console.log(`${bold('spice-cloud demo')} — against the local emulator at ${emu.url} (state in memory, nothing leaves this machine)`);
await step('Is the API up? (no token needed)', ['health']);
await step('Where can apps run?', ['regions', 'list']);
await step('Create an app', ['apps', 'create', 'demo-shop', '--region', 'us-east-1', '--description', 'Orders analytics', '--tag', 'team=data']);
await step('Give it a spicepod', ['apps', 'update', 'demo-shop', '--spicepod', 'spicepod.yaml', '--replicas', '2']);
await step('Set a secret from stdin (the value never appears on screen or in argv)', ['secrets', 'set', 'DB_URL', '-a', 'demo-shop'], {
  input: { display: "printf '%s' \"$DB_URL\"", data: 'postgres://demo:not-real@db.internal:5432/shop' },
});
await step('Preview a bulk import from a .env file', ['secrets', 'import', '.env', '-a', 'demo-shop', '--dry-run']);
await step('Import it', ['secrets', 'import', '.env', '-a', 'demo-shop']);
await step('Secrets are listed, never shown', ['secrets', 'list', '-a', 'demo-shop']);
await step('Deploy and wait for the result', ['deploy', '-a', 'demo-shop', '--commit-message', 'first deploy', '--wait']);
await step('Deployment history', ['deployments', 'list', '-a', 'demo-shop']);

// The deployed app answers on its runtime (the app's endpoint points at the emulated one).
await step('What the deployed runtime serves', ['datasets', 'list', '-a', 'demo-shop']);
const sqlText = 'SELECT category, count(*) AS reviews, round(avg(rating), 2) AS avg_rating FROM reviews GROUP BY category ORDER BY reviews DESC, category LIMIT 5';
await step('Ask it in SQL (over Arrow Flight; the address comes from the runtime\'s /v1/status)', ['sql', '-a', 'demo-shop', sqlText]);
await step('With parameters', ['sql', '-a', 'demo-shop', '--param', '5', '--param', 'pepper', 'SELECT product, body FROM reviews WHERE rating = $1 AND category = $2 ORDER BY id']);
await step('Full-text search over the review texts (BM25)', ['search', '-a', 'demo-shop', '--limit', '3', 'smoky', 'paprika']);
await step('Chat with the emulated model: it runs SQL given in backticks', ['chat', '-a', 'demo-shop', 'Which products are rated best? `SELECT product, avg(rating) AS rating FROM reviews GROUP BY product ORDER BY rating DESC, product LIMIT 3`']);
await step('Text to SQL', ['nsql', '-a', 'demo-shop', 'How many rows are in reviews?']);
await step('API keys are masked unless you ask', ['keys', 'get', '-a', 'demo-shop']);
await step('Rotate both keys with zero downtime, unattended', ['keys', 'rotate', '-a', 'demo-shop', '--yes']);
await step('The runtime takes the new key at once', ['search', '-a', 'demo-shop', '--limit', '1', 'chai']);
await step('Invite a teammate', ['members', 'add', 'linus', '--role', 'viewer']);
await step('Everyone in the organization', ['members', 'list']);
await step('Scripts get JSON', ['apps', 'list', '--json']);
await step('Destructive commands refuse to run unattended without --yes (exit 9)', ['apps', 'delete', 'demo-shop'], { input: { display: 'true', data: '' }, expect: 9 });
await step('Delete the app', ['apps', 'delete', 'demo-shop', '--yes']);

await emu.close();
rmSync(work, { recursive: true, force: true });
console.log(failures ? `\n${failures} step(s) did not behave as expected` : `\n${bold('Demo complete.')} Try it yourself: spice-cloud emulator --data-dir examples/spice-shop, then point SPICE_API_URL at it.`);
process.exit(failures ? 1 : 0);
