/**
 * A million-row Arrow Flight query against the BUILT emulator running in its own process:
 * the rows arrive in full and in order, and the emulator's resident memory grows by less
 * than 100 MB while it serves them (it streams batches under gRPC flow control instead of
 * materialising the result). Linux only: RSS is read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectFlight } from '../../src/runtime/flight.js';
import { ROOT } from './harness.js';

const linux = existsSync('/proc/self/status');
let child: ChildProcess | undefined;
let dir: string;
let info: { url: string; token: string; flight: string };

const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(info.url + path, {
    method,
    headers: { authorization: `Bearer ${info.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

beforeAll(async () => {
  if (!linux) return;
  dir = mkdtempSync(join(tmpdir(), 'spice-flight-stream-'));
  const script = `
    import { startEmulator } from ${JSON.stringify(join(ROOT, 'dist', 'emulator.js'))};
    const e = await startEmulator({ port: 0, queuedMs: 0, runningMs: 0, runtime: { dataDir: ${JSON.stringify(dir)} } });
    process.stdout.write(JSON.stringify({ url: e.url, token: e.token, flight: e.runtime.flightAddress }) + '\\n');
  `;
  child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  info = await new Promise((resolve, reject) => {
    let buf = '';
    child!.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\n')) resolve(JSON.parse(buf.split('\n')[0] as string));
    });
    child!.once('exit', (code) => reject(new Error(`emulator exited ${code}`)));
  });
}, 30_000);

afterAll(() => {
  child?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!linux)('a million rows over Arrow Flight', () => {
  it('stream in full while the emulator grows by less than 100 MB', async () => {
    const app = await api('POST', '/v1/apps', { name: 'million', region: 'us-east-1' });
    await api('PUT', `/v1/apps/${app.id}`, { spicepod: { version: 'v1', kind: 'Spicepod', name: 'million' } });
    const dep = await api('POST', `/v1/apps/${app.id}/deployments`, {});
    for (let i = 0; i < 200 && (await api('GET', `/v1/apps/${app.id}/deployments/${dep.id}`)).status !== 'succeeded'; i++) await new Promise((r) => setTimeout(r, 20));
    const key = (await api('GET', `/v1/apps/${app.id}`)).api_key as string;

    const client = await connectFlight({ address: info.flight.replace(/^grpc:\/\//, ''), tls: false, apiKey: key, userAgent: 'test' });
    // Warm up: the app's engine (DuckDB) starts on first use, and gRPC/Arrow paths get hot.
    for await (const _ of (await client.query('SELECT range AS n FROM range(100000)')).batches);
    const pid = child!.pid!;
    const baseline = rssMb(pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 25);
    let rows = 0;
    let next = 0n;
    let ordered = true;
    try {
      const res = await client.query('SELECT range AS n, range * 2 AS twice FROM range(1000000)');
      for await (const batch of res.batches) {
        const col = batch.getChildAt(0)!;
        if (col.get(0) !== next) ordered = false;
        next += BigInt(batch.numRows);
        rows += batch.numRows;
      }
    } finally {
      clearInterval(sampler);
      client.close();
    }
    peak = Math.max(peak, rssMb(pid));
    expect(rows).toBe(1_000_000);
    expect(ordered).toBe(true);
    expect(peak - baseline, `emulator RSS ${baseline.toFixed(0)} MB → peak ${peak.toFixed(0)} MB`).toBeLessThan(100);
  }, 120_000);
});
