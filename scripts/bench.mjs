#!/usr/bin/env node
// `npm run bench`: how fast is spice-cloud compared with the least a script could do?
//
// Starts the emulator in this process (zero latency, instant deployments), seeds it
// through its own API, then times the BUILT CLI (bin/spice-cloud.js → dist/) against a
// baseline doing the same work:
//
//   --version, --help              vs  node -e 0
//   apps list --json (20 apps)     vs  a minimal Node script: fetch the URL with the bearer token, print the body
//   deployments list -a ID --json  vs  the same script on that URL
//   secrets import (200, 1000)     vs  a bash loop, one `curl -sf -X POST` per secret
//
// Runs are interleaved (A B A B …) after a warm-up that also checks each command's
// output and counts the requests it sends; the figure is the median. Peak RSS of each
// spice-cloud command is measured separately (/usr/bin/time -f %M, else a --require
// preload that prints process.resourceUsage().maxRSS at exit).
//
// Usage: node scripts/bench.mjs [--json] [--runs N] [--big-runs N] [--inherit-env]
//   --json         machine-readable results on stdout (the table goes to stderr)
//   --runs N       timed runs per variant (default 15)
//   --big-runs N   timed runs for the 1,000-secret import (default 5, after 1 warm-up)
//   --inherit-env  run every command with this process's environment instead of a clean one
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'spice-cloud.js');
const NODE = process.execPath;

const argv = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = argv.indexOf(name);
  if (i < 0) return dflt;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} needs a positive integer`);
  return n;
};
const JSON_OUT = argv.includes('--json');
const RUNS = flag('--runs', 15);
const BIG_RUNS = flag('--big-runs', 5);
const WARMUP = 2;
const INHERIT_ENV = argv.includes('--inherit-env');
const log = (s) => process.stderr.write(`${s}\n`);

if (!existsSync(join(ROOT, 'dist', 'emulator.js'))) throw new Error('dist/ is missing: run `npm run bench` (it builds first)');
const { startEmulator } = await import(join(ROOT, 'dist', 'emulator.js'));

const started = performance.now();
const emu = await startEmulator({ port: 0, queuedMs: 0, runningMs: 0, latencyMs: 0 });
const dir = mkdtempSync(join(os.tmpdir(), 'spice-cloud-bench-'));
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

try {
  const seeded = await seed();
  const fetchScript = join(dir, 'fetch.mjs');
  writeFileSync(
    fetchScript,
    `const res = await fetch(process.argv[2], { headers: { authorization: \`Bearer \${process.env.SPICE_API_TOKEN}\` } });\n` +
      `if (!res.ok) process.exit(1);\n` +
      `process.stdout.write(await res.text());\n`,
  );
  const curlLoop = join(dir, 'curl-loop.sh');
  writeFileSync(
    curlLoop,
    // The skill's helper: one curl per secret. Names and values here need no JSON escaping.
    `while IFS='=' read -r name value; do\n` +
      `  curl -sf -X POST -H "Authorization: Bearer $SPICE_API_TOKEN" -H 'Content-Type: application/json' \\\n` +
      `    -d "{\\"name\\":\\"$name\\",\\"value\\":\\"$value\\"}" "$SPICE_API_URL/v1/apps/$1/secrets" > /dev/null || exit 1\n` +
      `done < "$2"\n`,
  );
  const envFile = (n) => {
    const file = join(dir, `secrets-${n}.env`);
    const lines = Array.from({ length: n }, (_, i) => `BENCH_SECRET_${String(i).padStart(4, '0')}=value-${i}-${'x'.repeat(24)}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  const secrets200 = envFile(200);
  const secrets1000 = envFile(1000);
  const cli = (...args) => ({ cmd: NODE, args: [BIN, ...args] });
  const appsUrl = `${emu.url}/v1/apps`;
  const deploymentsUrl = `${emu.url}/v1/apps/${seeded.appId}/deployments`;
  const isJsonArray = (len) => (out) => {
    const v = JSON.parse(out);
    const list = Array.isArray(v) ? v : (v.apps ?? v.deployments);
    if (!Array.isArray(list) || list.length !== len) throw new Error(`expected ${len} items, got ${out.slice(0, 200)}`);
  };
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  const secretsSet = (appId, n) => async () => {
    const res = await fetch(`${emu.url}/v1/apps/${appId}/secrets`, { headers: { authorization: `Bearer ${emu.token}` } });
    const body = await res.json();
    const list = Array.isArray(body) ? body : body.secrets;
    if (list?.length !== n) throw new Error(`expected ${n} secrets on app ${appId}, found ${JSON.stringify(body).slice(0, 200)}`);
  };

  // target: the highest acceptable ratio spice-cloud / baseline (0.2 = at least 5× faster).
  const comparisons = [
    { name: '--version', target: 1.25, a: cli('--version'), b: { cmd: NODE, args: ['-e', '0'] }, bName: 'node -e 0', check: (o) => o.trim() === version || fail(`--version printed ${o}`) },
    { name: '--help', target: 1.25, a: cli('--help'), b: { cmd: NODE, args: ['-e', '0'] }, bName: 'node -e 0', check: (o) => o.includes('Usage: spice-cloud') || fail('--help printed no usage') },
    { name: 'apps list --json (20 apps)', target: 1.3, a: cli('apps', 'list', '--json'), b: { cmd: NODE, args: [fetchScript, appsUrl] }, bName: 'node fetch script', check: isJsonArray(20), checkB: isJsonArray(20) },
    {
      name: `deployments list -a ${seeded.appId} --json`,
      target: 1.3,
      a: cli('deployments', 'list', '-a', String(seeded.appId), '--json'),
      b: { cmd: NODE, args: [fetchScript, deploymentsUrl] },
      bName: 'node fetch script',
      check: isJsonArray(20),
      checkB: isJsonArray(20),
    },
    {
      name: `deployments list -a ${seeded.appName} --json (by name)`,
      target: null,
      a: cli('deployments', 'list', '-a', seeded.appName, '--json'),
      b: { cmd: NODE, args: [fetchScript, deploymentsUrl] },
      bName: 'node fetch script',
      check: isJsonArray(20),
    },
    {
      name: 'secrets import (200)',
      target: 1 / 5,
      a: cli('secrets', 'import', secrets200, '-a', String(seeded.secrets200)),
      b: { cmd: 'bash', args: [curlLoop, String(seeded.secrets200), secrets200] },
      bName: 'curl loop (200 × curl)',
      checkAfter: secretsSet(seeded.secrets200, 200),
    },
    {
      name: 'secrets import (1000)',
      target: null,
      runs: BIG_RUNS,
      a: cli('secrets', 'import', secrets1000, '-a', String(seeded.secrets1000)),
      b: { cmd: 'bash', args: [curlLoop, String(seeded.secrets1000), secrets1000] },
      bName: 'curl loop (1000 × curl)',
      checkAfter: secretsSet(seeded.secrets1000, 1000),
    },
  ];

  const results = [];
  for (const c of comparisons) {
    const runs = c.runs ?? RUNS;
    const warmup = c.runs ? 1 : WARMUP;
    log(`${c.name}: ${warmup} warm-up + ${runs} runs each…`);
    const reqA = await warm(c.a, c.check, warmup);
    await c.checkAfter?.(); // before the baseline runs, so that it checks spice-cloud's work
    const reqB = await warm(c.b, c.checkB, warmup);
    const ta = [];
    const tb = [];
    for (let i = 0; i < runs; i++) {
      ta.push(await timed(c.a));
      tb.push(await timed(c.b));
    }
    const a = median(ta);
    const b = median(tb);
    results.push({ name: c.name, runs, spiceCloudMs: a, baseline: c.bName, baselineMs: b, ratio: a / b, target: c.target, holds: c.target === null ? null : a / b <= c.target, requests: reqA, baselineRequests: reqB, samples: { spiceCloud: ta, baseline: tb } });
  }

  // Growth of the import: linear or better means ≤ 5× the time for 5× the secrets.
  const i200 = results.find((r) => r.name === 'secrets import (200)');
  const i1000 = results.find((r) => r.name === 'secrets import (1000)');
  const growth = {
    name: 'secrets import 1000 / 200',
    spiceCloud: i1000.spiceCloudMs / i200.spiceCloudMs,
    baseline: i1000.baselineMs / i200.baselineMs,
    spiceCloudPerSecretMs: (i1000.spiceCloudMs - i200.spiceCloudMs) / 800,
    baselinePerSecretMs: (i1000.baselineMs - i200.baselineMs) / 800,
    target: 5,
  };
  growth.holds = growth.spiceCloud <= growth.target;

  log('peak RSS…');
  const rssRuns = 3;
  const rss = [];
  const rssOf = [
    ['--version', cli('--version'), null],
    ['--help', cli('--help'), null],
    ['apps list --json', cli('apps', 'list', '--json'), 60],
    ['deployments list --json', cli('deployments', 'list', '-a', String(seeded.appId), '--json'), 60],
    ['secrets import (200)', cli('secrets', 'import', secrets200, '-a', String(seeded.secrets200)), null],
    ['secrets import (1000)', cli('secrets', 'import', secrets1000, '-a', String(seeded.secrets1000)), null],
    ['(node -e 0)', { cmd: NODE, args: ['-e', '0'] }, null],
    ['(node fetch script)', { cmd: NODE, args: [fetchScript, appsUrl] }, null],
  ];
  for (const [name, c, target] of rssOf) {
    const kb = [];
    for (let i = 0; i < rssRuns; i++) kb.push(await peakRssKb(c));
    const peakRssMb = Math.max(...kb) / 1024;
    rss.push({ name, peakRssMb, targetMb: target, holds: target === null ? null : peakRssMb <= target });
  }

  const machine = {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
  };
  const elapsedS = (performance.now() - started) / 1000;
  const table = render(results, growth, rss, machine, elapsedS);
  if (JSON_OUT) {
    process.stderr.write(table);
    process.stdout.write(`${JSON.stringify({ machine, runs: RUNS, bigRuns: BIG_RUNS, warmup: WARMUP, inheritEnv: INHERIT_ENV, results, growth, rss, elapsedS }, null, 2)}\n`);
  } else {
    process.stdout.write(table);
  }
} finally {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
}

/** 20 apps: the first has 20 deployments, the next two receive the imported secrets. */
async function seed() {
  const headers = { authorization: `Bearer ${emu.token}`, 'content-type': 'application/json' };
  const call = async (method, path, body) => {
    const res = await fetch(`${emu.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`seeding: ${method} ${path} → ${res.status} ${await res.text()}`);
    return res.json();
  };
  const apps = [];
  for (let i = 1; i <= 20; i++) apps.push(await call('POST', '/v1/apps', { name: `bench-app-${String(i).padStart(2, '0')}`, region: 'us-east-1' }));
  const app = apps[0];
  await call('PUT', `/v1/apps/${app.id}`, { spicepod: 'version: v1\nkind: Spicepod\nname: bench\n' });
  for (let i = 0; i < 20; i++) await call('POST', `/v1/apps/${app.id}/deployments`, {});
  return { appId: app.id, appName: app.name, secrets200: apps[1].id, secrets1000: apps[2].id };
}

/** Warm-up runs; checks the output of each and returns how many requests the last one sent. */
async function warm(c, check, runs) {
  let sent = 0;
  for (let i = 0; i < runs; i++) {
    const cleared = await fetch(`${emu.url}/__emulator/requests`, { method: 'DELETE' });
    if (!cleared.ok) throw new Error(`clearing the request log: ${cleared.status}`);
    const r = await runOnce(c);
    if (r.code !== 0) throw new Error(`${[c.cmd, ...c.args].join(' ')} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
    if (check) check(r.stdout);
    sent = emu.requests().length;
  }
  return sent;
}

async function timed(c) {
  const r = await runOnce(c);
  if (r.code !== 0) throw new Error(`${[c.cmd, ...c.args].join(' ')} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
  return r.ms;
}

function runOnce(c, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(c.cmd, c.args, { env: { ...env, ...extraEnv }, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0 }));
  });
}

async function peakRssKb(c) {
  if (existsSync('/usr/bin/time')) {
    const out = join(dir, 'rss.txt');
    const r = await runOnce({ cmd: '/usr/bin/time', args: ['-f', '%M', '-o', out, c.cmd, ...c.args] });
    if (r.code !== 0) throw new Error(`${c.args.join(' ')} exited ${r.code}`);
    return Number(readFileSync(out, 'utf8').trim().split('\n').pop());
  }
  // No GNU time: a preload prints this process's own peak at exit (node commands only).
  const preload = join(dir, 'rss.cjs');
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeSync(2, '\\nmaxRSS=' + process.resourceUsage().maxRSS + '\\n'));\n`);
  const r = await runOnce({ cmd: c.cmd, args: ['--require', preload, ...c.args] });
  const m = /maxRSS=(\d+)/.exec(r.stderr);
  if (r.code !== 0 || !m) throw new Error(`${c.args.join(' ')} exited ${r.code}`);
  return Number(m[1]);
}

function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function fail(msg) {
  throw new Error(msg);
}

function render(results, growth, rss, machine, elapsedS) {
  const ms = (x) => x.toFixed(1);
  const lines = [
    `Machine: ${machine.nproc} CPUs (${machine.cpu}), ${machine.memory} RAM, Node ${machine.node}`,
    `Medians of ${RUNS} interleaved runs after ${WARMUP} warm-ups (1,000 secrets: ${BIG_RUNS} run${BIG_RUNS === 1 ? '' : 's'} after 1); emulator in-process, zero latency; ${INHERIT_ENV ? "the caller's environment" : 'clean environment'}.`,
    '',
    '| command | spice-cloud ms | baseline | baseline ms | ratio | target | holds | requests (spice-cloud / baseline) |',
    '| --- | ---: | --- | ---: | ---: | --- | --- | ---: |',
  ];
  for (const r of results) {
    // A target ≥ 1 caps the ratio; one below 1 is a speed-up (0.2 = at least 5× faster).
    const target = r.target === null ? '–' : r.target >= 1 ? `≤ ${r.target}×` : `≥ ${1 / r.target}× faster`;
    const holds = r.target === null ? '–' : r.ratio <= r.target ? 'yes' : 'NO';
    const ratio = r.ratio < 1 ? `${r.ratio.toFixed(2)}× (${(1 / r.ratio).toFixed(1)}× faster)` : `${r.ratio.toFixed(2)}×`;
    lines.push(`| \`${r.name}\` | ${ms(r.spiceCloudMs)} | ${r.baseline} | ${ms(r.baselineMs)} | ${ratio} | ${target} | ${holds} | ${r.requests} / ${r.baselineRequests} |`);
  }
  const growthHolds = growth.spiceCloud <= growth.target ? 'yes' : 'NO';
  lines.push(`| import time, 1000 vs 200 secrets | ${growth.spiceCloud.toFixed(2)}× | curl loop | ${growth.baseline.toFixed(2)}× | | ≤ ${growth.target}× (linear or better) | ${growthHolds} | |`);
  lines.push(`| import ms per extra secret (200 → 1000) | ${growth.spiceCloudPerSecretMs.toFixed(2)} | curl loop | ${growth.baselinePerSecretMs.toFixed(2)} | | | | |`);
  lines.push('', '| command | peak RSS MB (max of 3) | target |', '| --- | ---: | --- |');
  for (const r of rss) lines.push(`| \`${r.name}\` | ${r.peakRssMb.toFixed(1)} | ${r.targetMb ? `≤ ${r.targetMb} MB: ${r.peakRssMb <= r.targetMb ? 'yes' : 'NO'}` : '–'} |`);
  lines.push('', `Bench took ${elapsedS.toFixed(0)} s.`);
  return `${lines.join('\n')}\n`;
}
