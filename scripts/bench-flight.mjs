#!/usr/bin/env node
// `npm run bench:flight`: which Arrow Flight client should `spice-cloud sql` use?
//
// Starts the emulated runtime's Flight service (src/emulator/runtime/flight.ts, DuckDB
// engine, TLS with a throw-away self-signed certificate, since the official SDK sends
// its `authorization` metadata only over TLS) in a child process, then runs one query
// of ROWS rows (three columns: BIGINT id, VARCHAR label, DOUBLE score) in fresh client
// processes, one after the other:
//
//   ours  src/runtime/flight.ts: apache-arrow's stream reader over DoGet, batch by batch
//   sdk   @spiceai/spice 3.2.0: `client.sql()`, which resolves with a whole Table
//
// For each: wall time of the client process (start, module loading and exit included),
// its CPU time (user + system), the client's peak RSS (process.resourceUsage().maxRSS), and the
// server's peak RSS growth (VmHWM from /proc). Results: docs/bench.md, "Arrow Flight".
//
// Usage: node scripts/bench-flight.mjs [--rows N] [--runs N] [--narrow] [--json]
//   --narrow  one BIGINT column instead of three (the engine's cost mostly out of the way)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const ROWS = opt('--rows', 1_000_000);
const RUNS = opt('--runs', 3);
const JSON_OUT = args.includes('--json');
const SQL = args.includes('--narrow')
  ? `SELECT range AS id FROM range(${ROWS})`
  : `SELECT range AS id, 'row-' || range::VARCHAR AS label, range * 0.5 AS score FROM range(${ROWS})`;
const SHAPE = args.includes('--narrow') ? '1 BIGINT column' : '3 columns';
const KEY = 'bench-flight-key-0123456789';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const external = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)];
const outDir = join(ROOT, 'dist', 'bench');

// Two small entries, bundled next to dist/proto (the .proto files are found from there).
const entries = {
  server: `
    import { readFileSync } from 'node:fs';
    import { startFlightServer } from './src/emulator/runtime/flight.ts';
    import { createDuckDbEngine } from './src/emulator/runtime/duckdb.ts';
    const [cert, key] = process.argv.slice(2);
    const engine = await createDuckDbEngine({ dataDir: process.cwd() });
    const app = { id: 1, name: 'bench', engine };
    const host = {
      authenticate: async (k) => (k === ${JSON.stringify(KEY)} ? { ok: true, app } : { ok: false, status: 401, message: 'Unauthorized' }),
      record: () => undefined,
      fault: () => undefined,
    };
    const s = await startFlightServer(host, { host: '127.0.0.1', port: 0, tls: { cert: readFileSync(cert), key: readFileSync(key) } });
    process.stdout.write(JSON.stringify({ port: s.port }) + '\\n');
  `,
  ours: `
    import { readFileSync } from 'node:fs';
    import { connectFlight } from './src/runtime/flight.ts';
    const [port, sql, ca] = process.argv.slice(2);
    const t0 = performance.now();
    const c = await connectFlight({ address: 'localhost:' + port, tls: true, ca: readFileSync(ca), apiKey: ${JSON.stringify(KEY)}, userAgent: 'bench' });
    const r = await c.query(sql);
    let rows = 0;
    for await (const b of r.batches) rows += b.numRows;
    const ms = performance.now() - t0;
    c.close();
    process.stdout.write(JSON.stringify({ rows, ms, maxRssKb: process.resourceUsage().maxRSS, cpuMs: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000 }) + '\\n');
  `,
};

async function bundle(name, contents) {
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts', sourcefile: `${name}.ts` },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.18',
    external,
    logLevel: 'warning',
  });
  return outfile;
}

const sdkScript = join(outDir, 'sdk.mjs');

function run(cmd, argv, env = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [cmd, ...argv], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) =>
      code === 0 ? resolve({ ...JSON.parse(out.trim().split('\n').at(-1)), wallMs: performance.now() - t0 }) : reject(new Error(`${cmd} exited ${code}: ${err.slice(-2000)}`)),
    );
  });
}

function hwmKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rss: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]), hwm: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) };
}

function resetHwm(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'spice-bench-flight-'));
let server;
try {
  const serverFile = await bundle('server', entries.server);
  const oursFile = await bundle('ours', entries.ours);
  writeFileSync(
    sdkScript,
    `import { SpiceClient } from '@spiceai/spice';
     const [port, sql, ca] = process.argv.slice(2);
     const t0 = performance.now();
     const c = new SpiceClient({ apiKey: ${JSON.stringify(KEY)}, flightUrl: 'localhost:' + port, httpUrl: 'http://127.0.0.1:9', flightTlsEnabled: true, tlsRootCertFile: ca, flightOnly: true, logging: false });
     const t = await c.sql(sql);
     const ms = performance.now() - t0;
     process.stdout.write(JSON.stringify({ rows: t.numRows, ms, maxRssKb: process.resourceUsage().maxRSS, cpuMs: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000 }) + '\\n');
     process.exit(0);`,
  );
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });

  server = spawn(process.execPath, [serverFile, cert, key], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const { port } = await new Promise((resolve, reject) => {
    let buf = '';
    server.stdout.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) resolve(JSON.parse(buf.split('\n')[0]));
    });
    server.once('exit', (c) => reject(new Error(`server exited ${c}`)));
  });

  const results = { ours: [], sdk: [] };
  // Warm-up (DuckDB, TLS, JIT on the server side), then interleaved runs.
  await run(oursFile, [String(port), SQL, cert]);
  for (let i = 0; i < RUNS; i++) {
    for (const which of ['ours', 'sdk']) {
      const before = hwmKb(server.pid);
      const canReset = resetHwm(server.pid);
      const base = canReset ? hwmKb(server.pid).hwm : before.hwm;
      const r = which === 'ours' ? await run(oursFile, [String(port), SQL, cert]) : await run(sdkScript, [String(port), SQL, cert]);
      const after = hwmKb(server.pid);
      results[which].push({ ...r, serverPeakGrowthMb: (after.hwm - base) / 1024, serverRssMb: after.rss / 1024 });
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const summary = Object.fromEntries(
    Object.entries(results).map(([k, rs]) => [
      k,
      {
        rows: rs[0].rows,
        ms: Math.round(median(rs.map((r) => r.wallMs))),
        cpuMs: Math.round(median(rs.map((r) => r.cpuMs))),
        clientPeakRssMb: Math.round(Math.max(...rs.map((r) => r.maxRssKb)) / 1024),
        serverPeakGrowthMb: Math.round(Math.max(...rs.map((r) => r.serverPeakGrowthMb))),
      },
    ]),
  );
  if (JSON_OUT) process.stdout.write(JSON.stringify({ rows: ROWS, runs: RUNS, summary, results }, null, 2) + '\n');
  const table = [
    `| client (${ROWS.toLocaleString('en')} rows × ${SHAPE}, TLS, median of ${RUNS}) | wall ms | client CPU ms | client peak RSS MB | server peak RSS growth MB |`,
    '| --- | ---: | ---: | ---: | ---: |',
    `| spice-cloud (src/runtime/flight.ts, streaming) | ${summary.ours.ms} | ${summary.ours.cpuMs} | ${summary.ours.clientPeakRssMb} | ${summary.ours.serverPeakGrowthMb} |`,
    `| @spiceai/spice 3.2.0 \`sql()\` (whole Table) | ${summary.sdk.ms} | ${summary.sdk.cpuMs} | ${summary.sdk.clientPeakRssMb} | ${summary.sdk.serverPeakGrowthMb} |`,
  ].join('\n');
  (JSON_OUT ? process.stderr : process.stdout).write(table + '\n');
} finally {
  server?.kill();
  rmSync(dir, { recursive: true, force: true });
}
