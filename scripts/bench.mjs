#!/usr/bin/env node
// `npm run bench`: how fast is spice-cloud compared with the least a script could do?
//
// Starts the emulator in this process (zero latency, instant deployments, the emulated
// runtime with DuckDB and Arrow Flight), seeds it through its own API, then times the
// BUILT CLI (bin/spice-cloud.cjs → dist/) against a baseline doing the same work:
//
//   --version, --help                     vs  node -e 0
//   apps list, regions list (--json)      vs  the floor: a dozen-line node:http script that GETs the URL and prints the body
//   secrets list -a <name> --json         vs  the floor on /v1/apps/<id>/secrets (the name known, and unknown)
//   secrets import, 1,000 secrets         vs  a bash loop, one `curl -sf -X POST` per secret; and against --rate-limit 50/s vs the ideal 20 s
//   sql over Flight, 1,000,000 rows, CSV  vs  a minimal script using the official @spiceai/spice SDK, writing the same CSV
//   sql --http, CSV                       vs  curl with the same request
//   chat, time to the first token         vs  a minimal Node script's first SSE data byte (fixed model delay)
//   peak RSS of the list commands, of sql at 100,000 and 1,000,000 rows; the startup path's modules
//
// Runs are interleaved (A B A B …) after a warm-up that also checks each command's
// output and counts the requests it sends; every figure is a median, and each ratio the
// median of the paired ratios (run i of spice-cloud over run i of its baseline). Each line prints its
// target and a verdict. Two cores and other work share this machine: read the ratios,
// which are measured side by side, rather than the milliseconds.
//
// Usage: node scripts/bench.mjs [--build] [--json] [--runs N] [--inherit-env] [--only REGEX]
//   --build        build dist/ first, inside the time the last line reports (`npm run bench` passes it)
//   --json         machine-readable results on stdout (the table goes to stderr)
//   --runs N       timed runs per variant of the quick commands that have a target (default 61; the data-plane ones take fewer)
//   --inherit-env  run every command with this process's environment instead of a clean one
//   --only REGEX   only the figures whose name matches (case-insensitive; `rss` and `startup`
//                  name the memory and startup-path tables), e.g. --only 'list|rss'
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The whole run, the build included, is meant to stay under three minutes here (issue 15).
const t0 = performance.now();
const TIME_LIMIT_S = 180;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'spice-cloud.cjs');
const NODE = process.execPath;
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const argv = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = argv.indexOf(name);
  if (i < 0) return dflt;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} needs a positive integer`);
  return n;
};
const JSON_OUT = argv.includes('--json');
// 61 pairs: a quick row's paired ratios scatter by about ±14 % each on this VM, and the
// median of 21 moved by ±0.03 from one run to the next (±0.012–0.019 with 63), as much as
// the margin of the rows nearest their targets (docs/bench.md, round ten).
const RUNS = flag('--runs', 61);
// The row with no target (for information) keeps the old count.
const INFO_RUNS = Math.min(RUNS, 21);
const WARMUP = 2;
const INHERIT_ENV = argv.includes('--inherit-env');
const ONLY = argv.includes('--only') ? new RegExp(argv[argv.indexOf('--only') + 1] ?? '', 'i') : null;
const want = (name) => ONLY === null || ONLY.test(name);
const log = (s) => process.stderr.write(`${s}\n`);
const ROWS = 1_000_000;
const TOKEN_DELAY_MS = 40;

const BUILD = argv.includes('--build');
let buildS;
if (BUILD) {
  execFileSync(NODE, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  buildS = (performance.now() - t0) / 1000;
}
if (!existsSync(join(ROOT, 'dist', 'emulator.js'))) throw new Error('dist/ is missing: run `npm run bench` (it builds first)');
const { startEmulator } = await import(join(ROOT, 'dist', 'emulator.js'));

const started = performance.now();
const dir = mkdtempSync(join(os.tmpdir(), 'spice-cloud-bench-'));
// Flight over TLS, as in the cloud: the official SDK sends its API key only over TLS. Both
// sides trust this self-signed certificate (the CLI through NODE_EXTRA_CA_CERTS).
const certFile = join(dir, 'cert.pem');
const keyFile = join(dir, 'key.pem');
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
const flightTls = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
const emu = await startEmulator({ port: 0, queuedMs: 0, runningMs: 0, latencyMs: 0, runtime: { chatTokenDelayMs: TOKEN_DELAY_MS, dataDir: dir, flightTls } });
// The rate-limited import needs an emulator of its own (the limit is per token and global).
const limited = await startEmulator({ port: 0, queuedMs: 0, runningMs: 0, latencyMs: 0, rateLimit: 50, runtime: false });
// A clean environment by default: variables such as NODE_EXTRA_CA_CERTS (which makes every
// Node process read a CA bundle at start, ~35 ms here) would add the same constant to
// both sides and flatter the ratios. --inherit-env keeps the caller's (less SPICE_* and
// proxy variables).
const inherited = INHERIT_ENV ? Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^SPICE_|_proxy$/i.test(k))) : {};
const env = {
  ...inherited,
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  LANG: 'C.UTF-8',
  HOME: dir,
  XDG_CONFIG_HOME: join(dir, 'config'),
  SPICE_API_URL: emu.url,
  SPICE_API_TOKEN: emu.token,
};

const results = [];
try {
  const seeded = await seed();
  const runtimeEnv = { SPICE_APP_API_KEY: seeded.apiKey, NODE_EXTRA_CA_CERTS: certFile };
  writeFileSync(
    join(dir, 'floor.mjs'),
    // The floor: the least a Node script can do to answer the same question.
    `import http from 'node:http';\n` +
      `const headers = { authorization: \`Bearer \${process.env.SPICE_API_TOKEN}\` };\n` +
      `http.get(process.argv[2], { headers }, (res) => {\n` +
      `  if (res.statusCode !== 200) process.exit(1);\n` +
      `  res.pipe(process.stdout);\n` +
      `});\n`,
  );
  writeFileSync(
    join(dir, 'curl-loop.sh'),
    // The skill's helper: one curl per secret. Names and values here need no JSON escaping.
    `while IFS='=' read -r name value; do\n` +
      `  curl -sf -X POST -H "Authorization: Bearer $SPICE_API_TOKEN" -H 'Content-Type: application/json' \\\n` +
      `    -d "{\\"name\\":\\"$name\\",\\"value\\":\\"$value\\"}" "$SPICE_API_URL/v1/apps/$1/secrets" > /dev/null || exit 1\n` +
      `done < "$2"\n`,
  );
  writeFileSync(
    join(dir, 'sdk-csv.mjs'),
    // The official SDK: one query over Flight, the same CSV written to stdout.
    `import { SpiceClient } from ${JSON.stringify(join(ROOT, 'node_modules', '@spiceai', 'spice', 'dist', 'node', 'index.node.js'))};\n` +
      `const client = new SpiceClient({ apiKey: process.env.SPICE_APP_API_KEY, flightUrl: process.argv[2], httpUrl: process.argv[3], flightTlsEnabled: process.argv[4] === 'tls', tlsRootCertFile: process.argv[5] });\n` +
      `const table = await client.sql(process.argv[6]);\n` +
      `const names = table.schema.fields.map((f) => f.name);\n` +
      `let out = names.join(',') + '\\n';\n` +
      `for (const row of table) { out += names.map((n) => String(row[n])).join(',') + '\\n'; if (out.length > 1 << 16) { process.stdout.write(out); out = ''; } }\n` +
      `process.stdout.write(out);\n`,
  );
  writeFileSync(
    join(dir, 'sse-first-byte.mjs'),
    // The floor for chat: post the same request, print the first data line the moment it arrives.
    `import http from 'node:http';\n` +
      `const body = JSON.stringify({ model: process.argv[3], messages: [{ role: 'user', content: process.argv[4] }], stream: true, stream_options: { include_usage: true } });\n` +
      `const req = http.request(process.argv[2] + '/v1/chat/completions', { method: 'POST', headers: { 'x-api-key': process.env.SPICE_APP_API_KEY, 'content-type': 'application/json' } }, (res) => {\n` +
      `  let seen = false;\n` +
      `  res.on('data', (c) => { const s = c.toString(); const i = s.indexOf('"content":"'); if (!seen && i >= 0 && s[i + 11] !== '"') { seen = true; process.stdout.write(s); } });\n` +
      `});\n` +
      `req.end(body);\n`,
  );
  const envFile = (n) => {
    const file = join(dir, `secrets-${n}.env`);
    const lines = Array.from({ length: n }, (_, i) => `BENCH_SECRET_${String(i).padStart(4, '0')}=value-${i}-${'x'.repeat(24)}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  const secrets1000 = envFile(1000);
  const cli = (...args) => ({ cmd: NODE, args: [BIN, ...args] });
  const floor = (path) => ({ cmd: NODE, args: [join(dir, 'floor.mjs'), `${emu.url}${path}`] });
  const nodeE0 = { cmd: NODE, args: ['-e', '0'] };
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  const jsonArray = (len) => (out) => {
    const v = JSON.parse(out);
    const list = Array.isArray(v) ? v : (v.apps ?? v.regions ?? v.secrets);
    if (!Array.isArray(list) || (len !== undefined && list.length !== len)) throw new Error(`expected ${len ?? 'a list of'} items, got ${out.slice(0, 200)}`);
  };
  const secretCount = (em, appId, n) => async () => {
    const res = await fetch(`${em.url}/v1/apps/${appId}/secrets`, { headers: { authorization: `Bearer ${em.token}` } });
    const body = await res.json();
    const list = Array.isArray(body) ? body : body.secrets;
    if (list?.length !== n) throw new Error(`expected ${n} secrets on app ${appId}, found ${JSON.stringify(body).slice(0, 200)}`);
  };
  const cacheFile = join(dir, 'config', 'spice-cloud', 'app-ids.json');
  const forgetNames = () => rmSync(cacheFile, { force: true });

  // 1–3: start-up and the Management API against their floors.
  await compare({ name: '--version', target: 1.1, a: cli('--version'), b: nodeE0, bName: 'node -e 0', check: (o) => o.trim() === version || fail(`--version printed ${o}`) });
  await compare({ name: '--help', target: 1.1, a: cli('--help'), b: nodeE0, bName: 'node -e 0', check: (o) => o.includes('Usage: spice-cloud') || fail('--help printed no usage') });
  await compare({ name: 'apps list --json (20 apps)', target: 1.15, a: cli('apps', 'list', '--json'), b: floor('/v1/apps'), bName: 'node:http floor', check: jsonArray(20), checkB: jsonArray(20) });
  await compare({ name: 'regions list --json', target: 1.15, a: cli('regions', 'list', '--json'), b: floor('/v1/regions'), bName: 'node:http floor', check: jsonArray(), checkB: jsonArray() });
  // Logged in, as most people run: the token comes from the config file, not the environment.
  const loggedIn = { SPICE_API_TOKEN: undefined, SPICE_KEYRING: 'file', XDG_CONFIG_HOME: join(dir, 'logged-in') };
  const loggedInName = 'apps list --json, logged in (token from the config file)';
  if (want(loggedInName)) {
    // Not execFileSync: the emulator answers from this process's event loop.
    const login = spawn(NODE, [BIN, 'auth', 'login', '--with-token'], { env: { ...env, ...loggedIn }, stdio: ['pipe', 'ignore', 'ignore'] });
    login.stdin.end(`${emu.token}\n`);
    const code = await new Promise((resolve) => login.on('close', resolve));
    if (code !== 0) throw new Error(`auth login --with-token exited ${code}`);
  }
  await compare({ name: loggedInName, target: 1.15, a: { ...cli('apps', 'list', '--json'), env: loggedIn }, b: floor('/v1/apps'), bName: 'node:http floor', check: jsonArray(20), checkB: jsonArray(20) });
  await compare({
    name: `secrets list -a ${seeded.appName} --json (name known)`,
    target: 1.25,
    a: cli('secrets', 'list', '-a', seeded.appName, '--json'),
    b: floor(`/v1/apps/${seeded.appId}/secrets`),
    bName: 'node:http floor',
    check: jsonArray(1),
    // Target 3: none beyond the floor's one when the name is known…
    extraRequests: 0,
  });
  await compare({
    name: `secrets list -a ${seeded.appName} --json (name unknown)`,
    target: null,
    runs: INFO_RUNS,
    a: { ...cli('secrets', 'list', '-a', seeded.appName, '--json'), before: forgetNames },
    b: floor(`/v1/apps/${seeded.appId}/secrets`),
    bName: 'node:http floor',
    check: jsonArray(1),
    // …and at most one when it is not: one listing (100 a page, so 20 apps are one short page).
    extraRequests: 1,
  });

  // 4: the bulk import, unlimited against the curl loop, then under a 50 requests/s limit.
  await compare({
    name: 'secrets import (1000)',
    target: 1 / 10,
    runs: 3,
    warmup: 1,
    warmupB: 0,
    // The loop is itself a thousand processes, 11–14 s a run, which steadies its own time:
    // it runs once, after the first import, and the ratio is over the imports' median.
    runsB: 1,
    a: cli('secrets', 'import', secrets1000, '-a', String(seeded.importApp)),
    b: { cmd: 'bash', args: [join(dir, 'curl-loop.sh'), String(seeded.importApp), secrets1000] },
    bName: 'curl loop (1000 × curl)',
    checkAfter: secretCount(emu, seeded.importApp, 1000),
  });
  if (want('secrets import (1000) at --rate-limit 50/s')) await rateLimitedImport();
  async function rateLimitedImport() {
    const limitedApp = await call(limited, 'POST', '/v1/apps', { name: 'bench-limited', region: 'us-east-1' });
    const t0 = performance.now();
    const r = await runOnce({ cmd: NODE, args: [BIN, 'secrets', 'import', secrets1000, '-a', String(limitedApp.id)] }, { SPICE_API_URL: limited.url, SPICE_API_TOKEN: limited.token });
    const limitedMs = performance.now() - t0;
    if (r.code !== 0) throw new Error(`rate-limited import exited ${r.code}: ${r.stderr.slice(0, 500)}`);
    await secretCount(limited, limitedApp.id, 1000)();
    results.push({ name: 'secrets import (1000) at --rate-limit 50/s', runs: 1, spiceCloudMs: limitedMs, baseline: 'ideal: 1000 requests at 50/s', baselineMs: 20_000, ratio: limitedMs / 20_000, target: 1.1 });
  }

  // 5: the data plane. Flight against the SDK, HTTP against curl.
  const query = (n) => `SELECT range AS id, range * 2 AS twice, 'row ' || range AS label FROM range(${n})`;
  const flight = seeded.flightAddress;
  const sqlCli = (n, ...more) => cli('sql', query(n), '--format', 'csv', '--endpoint', seeded.runtimeUrl, '--flight-endpoint', flight, ...more);
  const csvLines = (n) => (out) => {
    const lines = out.trimEnd().split('\n').length;
    if (lines !== n + 1) throw new Error(`expected ${n + 1} CSV lines, got ${lines}: ${out.slice(0, 200)}`);
  };
  if (seeded.sqlCommand) {
    const sdk = { cmd: NODE, args: [join(dir, 'sdk-csv.mjs'), flight.replace(/^grpc(\+tls)?:\/\//, ''), seeded.runtimeUrl, 'tls', certFile, query(ROWS)] };
    // `rss`: both sides run under GNU time, whose peak RSS stands for the million-row line of the memory table.
    await compare({ name: `sql over Flight (TLS), ${ROWS.toLocaleString('en')} rows, CSV`, target: 1.2, runs: 3, warmup: 1, rss: true, a: { ...sqlCli(ROWS), env: runtimeEnv }, b: { ...sdk, env: { ...runtimeEnv, NODE_ENV: 'production' } }, bName: '@spiceai/spice SDK script', check: csvLines(ROWS), checkB: csvLines(ROWS) });
    await compare({
      name: `sql --http, ${ROWS.toLocaleString('en')} rows, CSV`,
      target: 1.3,
      runs: 3,
      warmup: 1,
      a: { ...sqlCli(ROWS, '--http'), env: runtimeEnv },
      b: { cmd: 'curl', args: ['-sf', '-H', `X-API-Key: ${seeded.apiKey}`, '-H', 'Content-Type: text/plain', '-H', 'Accept: text/csv', '--data-binary', query(ROWS), `${seeded.runtimeUrl}/v1/sql`] },
      bName: 'curl, same request',
      check: csvLines(ROWS),
      checkB: csvLines(ROWS),
    });
    // 6: chat, from the start of the process to the first token on stdout.
    const message = 'What datasets exist?';
    await compare({
      name: `chat: time to first token (model delay ${TOKEN_DELAY_MS} ms/token)`,
      target: 1.1,
      runs: 31,
      firstByte: true,
      a: { ...cli('chat', message, '--model', seeded.model, '--endpoint', seeded.runtimeUrl), env: runtimeEnv },
      b: { cmd: NODE, args: [join(dir, 'sse-first-byte.mjs'), seeded.runtimeUrl, seeded.model, message], env: runtimeEnv },
      bName: 'node:http, first SSE data byte',
    });
  } else {
    log('no `sql` command in this build: the data-plane figures are skipped');
  }

  // 7: memory, and what the startup path loads.
  log('peak RSS…');
  const rss = [];
  const rssOf = [
    ['apps list --json', cli('apps', 'list', '--json'), 60],
    ['regions list --json', cli('regions', 'list', '--json'), 60],
    ['secrets list --json', cli('secrets', 'list', '-a', seeded.appName, '--json'), 60],
    ['deployments list --json', cli('deployments', 'list', '-a', String(seeded.appId), '--json'), 60],
    ['images list --json', cli('images', 'list', '--json'), 60],
    ['members list --json', cli('members', 'list', '--json'), 60],
    ['orgs list --json', cli('orgs', 'list', '--json'), 60],
    ['(node -e 0)', nodeE0, null],
    ['(node:http floor)', floor('/v1/apps'), null],
  ];
  if (seeded.sqlCommand) {
    // The million rows: the Flight figure's own runs when it ran under GNU time (no second 10 s), else three more.
    const measured = results.find((r) => r.peakRssKb && r.name.startsWith('sql over Flight'))?.peakRssKb;
    rssOf.push([`sql over Flight, 100,000 rows`, { ...sqlCli(100_000), env: runtimeEnv }, 120], [`sql over Flight, ${ROWS.toLocaleString('en')} rows`, { ...sqlCli(ROWS), env: runtimeEnv }, 120, measured?.spiceCloud]);
    if (measured) rssOf.push([`(@spiceai/spice SDK script, ${ROWS.toLocaleString('en')} rows)`, null, null, measured.baseline]);
  }
  for (const [name, c, target, measured] of want('rss') ? rssOf : []) {
    const kb = measured ?? [];
    for (let i = kb.length; i < 3; i++) kb.push(await peakRssKb(c));
    const peakRssMb = Math.max(...kb) / 1024;
    rss.push({ name, peakRssMb, runs: kb.length, targetMb: target, holds: target === null ? null : peakRssMb <= target });
  }
  const small = rss.find((x) => x.name.includes('100,000'));
  const big = rss.find((x) => x.name.includes(ROWS.toLocaleString('en')));
  const growth = small && big ? { name: 'sql RSS growth, 100,000 → 1,000,000 rows', growth: big.peakRssMb / small.peakRssMb - 1, target: 0.2 } : undefined;
  if (growth) growth.holds = growth.growth < growth.target;

  const heavy = ['@duckdb/', 'apache-arrow', '@grpc/', 'jq-wasm', '@inquirer/', 'ora'];
  const startup = [];
  for (const args of want('startup') ? [['--version'], ['--help'], ['apps', 'list', '--json'], ['secrets', 'list', '-a', seeded.appName, '--json']] : []) {
    const loaded = await modulesLoaded(cli(...args));
    startup.push({ name: args.join(' '), heavy: loaded.filter((f) => heavy.some((h) => f.includes(`/node_modules/${h}`))) });
  }

  const machine = {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
  const elapsedS = (performance.now() - started) / 1000;
  const totalS = (performance.now() - t0) / 1000;
  const time = { benchS: elapsedS, buildS, totalS, limitS: TIME_LIMIT_S, holds: BUILD && !ONLY ? totalS < TIME_LIMIT_S : null };
  const table = render(results, rss, growth, startup, machine, time);
  if (JSON_OUT) {
    process.stderr.write(table);
    process.stdout.write(`${JSON.stringify({ machine, runs: RUNS, warmup: WARMUP, inheritEnv: INHERIT_ENV, results, rss, growth, startup, elapsedS, time }, null, 2)}\n`);
  } else {
    process.stdout.write(table);
  }
} finally {
  await emu.close();
  await limited.close();
  rmSync(dir, { recursive: true, force: true });
}

async function call(em, method, path, body) {
  const headers = { authorization: `Bearer ${em.token}`, 'content-type': 'application/json' };
  const res = await fetch(`${em.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`seeding: ${method} ${path} → ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/** 20 apps; the first is deployed with a spicepod that declares a chat model, and has one secret; the second receives the imports. */
async function seed() {
  const apps = [];
  for (let i = 1; i <= 20; i++) apps.push(await call(emu, 'POST', '/v1/apps', { name: `bench-app-${String(i).padStart(2, '0')}`, region: 'us-east-1' }));
  const app = apps[0];
  const model = 'bench_model';
  const spicepod = `version: v1\nkind: Spicepod\nname: bench\nmodels:\n  - name: ${model}\n    from: openai:gpt-4o\n`;
  await call(emu, 'PUT', `/v1/apps/${app.id}`, { spicepod });
  await call(emu, 'POST', `/v1/apps/${app.id}/secrets`, { name: 'BENCH_SECRET', value: 'bench-value' });
  await call(emu, 'POST', `/v1/apps/${app.id}/deployments`, {});
  for (let i = 0; i < 100; i++) {
    const page = await call(emu, 'GET', `/v1/apps/${app.id}/deployments?limit=1`);
    const [latest] = Array.isArray(page) ? page : (page?.deployments ?? []);
    if (latest?.status === 'succeeded') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const { api_key: apiKey } = await call(emu, 'GET', `/v1/apps/${app.id}/api-keys`);
  const flightAddress = emu.runtime.flightAddress;
  const sqlCommand = existsSync(join(ROOT, 'src', 'commands', 'sql'));
  return { appId: app.id, appName: app.name, importApp: apps[1].id, apiKey, model, runtimeUrl: emu.runtime.url, flightAddress, sqlCommand };
}

async function compare(c) {
  if (!want(c.name)) return;
  const runs = c.runs ?? RUNS;
  const warmup = c.warmup ?? WARMUP;
  log(`${c.name}: ${warmup} warm-up + ${c.runsB === undefined ? `${runs} runs each` : `${runs} runs, the baseline ${c.runsB}`}…`);
  const rssA = c.rss ? underTime(c.a, 'a') : undefined;
  const rssB = c.rss ? underTime(c.b, 'b') : undefined;
  if (rssA) c = { ...c, a: rssA.c, b: rssB.c };
  const reqA = await warm(c.a, c.check, warmup);
  await c.checkAfter?.(); // before the baseline runs, so that it checks spice-cloud's work
  // `warmupB: 0`: a baseline that needs no warming (a curl loop, 11 s a run) is counted on its first timed run.
  let reqB = c.warmupB === 0 ? undefined : await warm(c.b, c.checkB, warmup);
  const ta = [];
  const tb = [];
  const runsB = c.runsB ?? runs;
  for (let i = 0; i < runs; i++) {
    ta.push(await timed(c.a, c.firstByte));
    if (i >= runsB) continue;
    const before = managementRequests();
    tb.push(await timed(c.b, c.firstByte));
    reqB ??= managementRequests() - before;
  }
  const a = median(ta);
  const b = median(tb);
  // The ratio is the median of the paired ratios (run i of A over run i of B, taken one
  // after the other): a machine whose speed drifts over seconds (a shared 2-core VM)
  // moves both halves of a pair alike, where it would skew a ratio of two medians. A
  // baseline timed fewer times than spice-cloud (`runsB`) is a ratio of the medians.
  const ratio = runsB === runs ? median(ta.map((x, i) => x / tb[i])) : a / b;
  results.push({ name: c.name, runs: runsB === runs ? runs : `${runs} / ${runsB}`, spiceCloudMs: a, baseline: c.bName, baselineMs: b, ratio, target: c.target, requests: reqA, baselineRequests: reqB, extraRequests: c.extraRequests, samples: { spiceCloud: ta, baseline: tb }, peakRssKb: rssA && { spiceCloud: rssA.kb, baseline: rssB.kb } });
}

/** `c` run under GNU time (undefined without it), which leaves each run's peak RSS in `kb`. */
function underTime(c, side) {
  if (!GNU_TIME) return undefined;
  const file = join(dir, `rss-${side}.txt`);
  const kb = [];
  return { kb, c: { ...c, cmd: GNU_TIME, args: ['-f', '%M', '-o', file, c.cmd, ...c.args], after: () => kb.push(peakOf(file)) } };
}

/** The peak RSS in kB that GNU time wrote (its last line; a failed command's status comes first). */
function peakOf(file) {
  return Number(readFileSync(file, 'utf8').trim().split('\n').pop());
}

/** Requests the Management API has answered so far (the runtime's are not counted). */
function managementRequests() {
  return emu.requests().filter((e) => e.plane !== 'runtime').length;
}

/** Warm-up runs; checks the output of each and returns how many requests the last one sent. */
async function warm(c, check, runs) {
  let sent = 0;
  for (let i = 0; i < runs; i++) {
    const before = managementRequests();
    c.before?.();
    const r = await runOnce(c);
    if (r.code !== 0) throw new Error(`${[c.cmd, ...c.args].join(' ')} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
    if (check) check(r.stdout);
    c.after?.();
    sent = managementRequests() - before;
  }
  return sent;
}

async function timed(c, firstByte) {
  c.before?.();
  const r = await runOnce(c, {}, firstByte);
  if (r.code !== 0 && !firstByte) throw new Error(`${[c.cmd, ...c.args].join(' ')} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
  c.after?.();
  return firstByte ? r.firstByteMs : r.ms;
}

function runOnce(c, extraEnv = {}, firstByte = false) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let firstByteMs;
    const child = spawn(c.cmd, c.args, { env: { ...env, ...c.env, ...extraEnv }, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s) => {
      firstByteMs ??= performance.now() - t0;
      if (firstByte) child.kill('SIGKILL');
      else if (stdout.length < 64 << 20) stdout += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0, firstByteMs }));
  });
}

async function peakRssKb(c) {
  const timed = underTime({ cmd: c.cmd, args: c.args, env: c.env }, 'once');
  if (timed) {
    const r = await runOnce(timed.c);
    if (r.code !== 0) throw new Error(`${c.args.join(' ')} exited ${r.code}: ${r.stderr.slice(0, 300)}`);
    timed.c.after();
    return timed.kb[0];
  }
  // No GNU time: a preload prints this process's own peak at exit (node commands only).
  const preload = join(dir, 'rss.cjs');
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeSync(2, '\\nmaxRSS=' + process.resourceUsage().maxRSS + '\\n'));\n`);
  const r = await runOnce({ cmd: c.cmd, args: ['--require', preload, ...c.args], env: c.env });
  const m = /maxRSS=(\d+)/.exec(r.stderr);
  if (r.code !== 0 || !m) throw new Error(`${c.args.join(' ')} exited ${r.code}`);
  return Number(m[1]);
}

/** Every file a command loads (CommonJS through Module._load, ES modules through a resolve hook). */
async function modulesLoaded(c) {
  const record = join(dir, 'modules.txt');
  writeFileSync(record, '');
  writeFileSync(join(dir, 'hooks.mjs'), `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, ctx, next) { const r = await next(s, ctx); appendFileSync(process.env.RECORD, r.url + '\\n'); return r; }\n`);
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${join(dir, 'hooks.mjs')}`)});\n`);
  writeFileSync(
    join(dir, 'preload.cjs'),
    `const M = require('node:module'); const fs = require('node:fs'); const load = M._load;\nM._load = function (r, p, m) { fs.appendFileSync(process.env.RECORD, M._resolveFilename(r, p, m) + '\\n'); return load.apply(this, arguments); };\n`,
  );
  const r = await runOnce(c, { RECORD: record, NODE_OPTIONS: `--require ${join(dir, 'preload.cjs')} --import ${join(dir, 'register.mjs')}` });
  if (r.code !== 0) throw new Error(`${c.args.join(' ')} exited ${r.code}`);
  return readFileSync(record, 'utf8').split('\n').filter(Boolean);
}

function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function fail(msg) {
  throw new Error(msg);
}

function render(results, rss, growth, startup, machine, time) {
  const ms = (x) => (x >= 10_000 ? (x / 1000).toFixed(2) + ' s' : x.toFixed(1));
  const lines = [
    `Machine: ${machine.nproc} CPUs (${machine.cpu}), ${machine.memory} RAM, Node ${machine.node}; load average at the end ${machine.load}.`,
    `Medians of interleaved runs after warm-ups (the count is in the table); each ratio is the median of the paired ratios; emulator and runtime in-process, zero latency; ${INHERIT_ENV ? "the caller's environment" : 'clean environment'}.`,
    '',
    '| command | spice-cloud ms | baseline | baseline ms | ratio | target | holds | runs | requests (spice-cloud / baseline) |',
    '| --- | ---: | --- | ---: | ---: | --- | --- | ---: | ---: |',
  ];
  for (const r of results) {
    // A target ≥ 1 caps the ratio; one below 1 is a speed-up (0.1 = at least 10× faster).
    // `extraRequests`: how many requests it may send beyond the baseline's (target 3).
    const ratioTarget = r.target === null ? undefined : r.target >= 1 ? `≤ ${r.target}×` : `≥ ${Math.round(1 / r.target)}× faster`;
    const requestTarget = r.extraRequests === undefined ? undefined : r.extraRequests === 0 ? 'no extra request' : `≤ ${r.extraRequests} extra request${r.extraRequests === 1 ? '' : 's'}`;
    const target = [ratioTarget, requestTarget].filter(Boolean).join(', ') || '–';
    const verdicts = [r.target === null ? undefined : r.ratio <= r.target, r.extraRequests === undefined ? undefined : r.requests - r.baselineRequests <= r.extraRequests].filter((v) => v !== undefined);
    const holds = verdicts.length === 0 ? '–' : verdicts.every(Boolean) ? 'yes' : 'NO';
    const ratio = r.ratio < 1 ? `${r.ratio.toFixed(2)}× (${(1 / r.ratio).toFixed(1)}× faster)` : `${r.ratio.toFixed(2)}×`;
    const requests = r.requests === undefined ? '' : `${r.requests} / ${r.baselineRequests}`;
    lines.push(`| \`${r.name}\` | ${ms(r.spiceCloudMs)} | ${r.baseline} | ${ms(r.baselineMs)} | ${ratio} | ${target} | ${holds} | ${r.runs} | ${requests} |`);
  }
  lines.push('', '| command | peak RSS MB (the most of its runs) | runs | target |', '| --- | ---: | ---: | --- |');
  for (const r of rss) lines.push(`| \`${r.name}\` | ${r.peakRssMb.toFixed(1)} | ${r.runs} | ${r.targetMb ? `≤ ${r.targetMb} MB: ${r.peakRssMb <= r.targetMb ? 'yes' : 'NO'}` : '–'} |`);
  if (growth) lines.push(`| ${growth.name} | ${(growth.growth * 100).toFixed(1)} % | | < ${growth.target * 100} %: ${growth.holds ? 'yes' : 'NO'} |`);
  lines.push('', '| startup path of | loads the SQL engine, Arrow, gRPC, jq, prompts or spinners | target |', '| --- | --- | --- |');
  for (const s of startup) lines.push(`| \`${s.name}\` | ${s.heavy.length ? s.heavy.join(', ') : 'none'} | none: ${s.heavy.length ? 'NO' : 'yes'} |`);
  // The verdict needs the whole run: the build (--build) and every figure (no --only).
  const took =
    time.buildS === undefined
      ? `Bench took ${time.benchS.toFixed(0)} s (the build not included)`
      : `Bench took ${time.totalS.toFixed(0)} s with the build (${time.buildS.toFixed(0)} s of it)`;
  lines.push('', time.holds === null ? `${took}.` : `${took}; target < ${time.limitS} s: ${time.holds ? 'yes' : 'NO'}.`);
  return `${lines.join('\n')}\n`;
}
