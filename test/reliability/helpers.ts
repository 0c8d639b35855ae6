/**
 * Small helpers shared by the reliability suite (test/reliability/*.test.ts): bounded
 * parallelism, stderr shape checks, state set-up straight through the emulator's HTTP
 * API (no CLI spawn), spawning with unusual stdin (/dev/null, a closed fd 0), and
 * figures (timings, attempts) printed and kept in .tmp/reliability/<file>.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { BIN, ROOT, type Bed, type Result } from '../e2e/harness.js';
import type { RunningEmulator } from '../../src/emulator/index.js';

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Non-empty stderr lines. */
export function lines(s: string): string[] {
  return s.split('\n').filter((l) => l.trim() !== '');
}

/**
 * Problems with an error report on stderr, or [] if it is clean: exactly one
 * `error: ...` line, at most one `hint: ...` line after it, and no stack-trace lines.
 */
export function errorShapeProblems(stderr: string): string[] {
  const problems: string[] = [];
  const ls = lines(stderr);
  if (/^\s+at /m.test(stderr)) problems.push('stack trace ("    at " lines) on stderr');
  if (ls.length === 0) problems.push('nothing on stderr');
  else if (!ls[0]!.startsWith('error: ')) problems.push(`first line is not "error: …": ${JSON.stringify(ls[0])}`);
  if (ls.length > 2) problems.push(`${ls.length} lines on stderr (one error line and at most one hint line allowed)`);
  if (ls.length === 2 && !ls[1]!.startsWith('hint: ')) problems.push(`second line is not a "hint: …" line: ${JSON.stringify(ls[1])}`);
  return problems;
}

/** Compact description of a run for assertion messages. */
export function show(r: Result): string {
  return `exit ${r.code} after ${r.ms} ms\n--- stdout\n${r.stdout.slice(0, 2000)}\n--- stderr\n${r.stderr.slice(0, 2000)}`;
}

/** "METHOD path status" lines of the emulator's request log. */
export function log(emu: RunningEmulator): string[] {
  return emu.requests().map((r) => `${r.method} ${r.path} ${r.status}`);
}

/** Requests of the log matching METHOD and a path regex (path includes the query). */
export function hits(emu: RunningEmulator, method: string, path: RegExp): Array<{ status: number; at: number }> {
  return emu
    .requests()
    .filter((r) => r.method === method && path.test(r.path))
    .map((r) => ({ status: r.status, at: Date.parse(r.at) }));
}

/** Calls the emulator's API directly (set-up only; never the code under test). */
export async function emuApi<T = unknown>(emu: RunningEmulator, method: string, path: string, body?: unknown, token = emu.token): Promise<T> {
  const res = await fetch(emu.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`set-up ${method} ${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Empties the emulator's request log (admin route), e.g. after set-up requests. */
export async function clearLog(emu: RunningEmulator): Promise<void> {
  const res = await fetch(`${emu.url}/__emulator/requests`, { method: 'DELETE' });
  if (res.status !== 204) throw new Error(`clearing the request log answered ${res.status}`);
}

export const SPICEPOD = 'version: v1\nkind: Spicepod\nname: reliability\n';

/** Creates an app (with a spicepod unless told not to) straight through the emulator; returns its id. */
export async function seedApp(emu: RunningEmulator, name: string, o: { spicepod?: boolean; tags?: Record<string, string> } = {}): Promise<number> {
  const app = await emuApi<{ id: number }>(emu, 'POST', '/v1/apps', { name, region: 'us-east-1' });
  const patch: Record<string, unknown> = {};
  if (o.spicepod !== false) patch.spicepod = SPICEPOD;
  if (o.tags) patch.tags = o.tags;
  if (Object.keys(patch).length > 0) await emuApi(emu, 'PUT', `/v1/apps/${app.id}`, patch);
  return app.id;
}

export async function seedSecret(emu: RunningEmulator, appId: number, name: string, value: string): Promise<void> {
  await emuApi(emu, 'POST', `/v1/apps/${appId}/secrets`, { name, value });
}

interface Snapshot {
  apps: Array<{ id: number; name: string; description: string | null; region?: string | null; deleted_at?: string | null; [k: string]: unknown }>;
  deployments: Array<{ id: number; app_id: number; status: string }>;
  secrets: Array<{ app_id: number; name: string; value: string }>;
  members: Array<{ user_id: number; username: string; roles: string[] }>;
}

export function snap(emu: RunningEmulator): Snapshot {
  return emu.snapshot() as Snapshot;
}

export type StdinMode = 'eof' | 'devnull' | 'closed';

export interface SpawnOptions {
  env: Record<string, string>;
  cwd: string;
  /** An ended pipe (`eof`), /dev/null, no fd 0 (`closed`), or this text/bytes on a pipe. */
  stdin: StdinMode | string | Buffer;
  timeoutMs?: number;
  /** Polled every 10 ms; the first time it returns true the child gets SIGINT. */
  interruptWhen?: () => boolean;
}

/**
 * Spawns the built CLI like the harness's `runCli`, but with stdin an already-ended pipe
 * (`eof`), an fd opened on /dev/null (`devnull`), no fd 0 at all (`closed`, via
 * `sh -c 'exec … 0<&-'`), or given text; and optionally Ctrl-C when a condition holds.
 */
export function spawnCli(args: string[], o: SpawnOptions): Promise<Result> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...o.env };
  const started = Date.now();
  let devnull: number | undefined;
  const stdio: Array<'pipe' | 'ignore' | number> = ['pipe', 'pipe', 'pipe'];
  let cmd = process.execPath;
  let argv = [BIN, ...args];
  if (o.stdin === 'devnull') stdio[0] = devnull = openSync('/dev/null', 'r');
  if (o.stdin === 'closed') {
    cmd = '/bin/sh';
    argv = ['-c', 'exec "$0" "$@" 0<&-', process.execPath, BIN, ...args];
    stdio[0] = 'ignore';
  }
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env, cwd: o.cwd, stdio: stdio as never });
    if (devnull !== undefined) closeSync(devnull);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    // A command that refuses its input at once exits without reading stdin: writing to it is then EPIPE, not a failure.
    child.stdin?.on('error', () => {});
    if (o.stdin === 'eof') child.stdin!.end();
    else if (typeof o.stdin !== 'string' || !['devnull', 'closed'].includes(o.stdin)) child.stdin!.end(o.stdin);
    const killer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 15_000);
    const watcher = o.interruptWhen
      ? setInterval(() => {
          if (o.interruptWhen!()) {
            clearInterval(watcher);
            child.kill('SIGINT');
          }
        }, 10)
      : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      if (watcher) clearInterval(watcher);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Logs in through the CLI (`auth login --with-token`) so a real token store exists; returns the env without SPICE_API_TOKEN. */
export async function loginStored(b: Bed): Promise<Record<string, string>> {
  const { SPICE_API_TOKEN: token, ...env } = b.env;
  const r = await b.run(['auth', 'login', '--with-token'], { env: { SPICE_API_TOKEN: undefined }, stdin: `${token}\n` });
  if (r.code !== 0) throw new Error(`auth login failed: ${show(r)}`);
  return env;
}

/** Prints a measured figure and records it in .tmp/reliability/<file>.json (read for the README section). */
export function figure(file: string, key: string, value: unknown): void {
  // eslint-disable-next-line no-console
  console.log(`[figure] ${file} ${key}: ${JSON.stringify(value)}`);
  try {
    const dir = join(ROOT, '.tmp', 'reliability');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${file}.json`);
    const data = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
    data[key] = value;
    writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
  } catch {
    /* figures are informative only */
  }
}
