/**
 * End-to-end harness: the project's own emulator on a free port (fresh state per call),
 * and the BUILT binary (`bin/spice-cloud.cjs` → `dist/`) spawned against it over real
 * sockets with a private config directory. `npm test` builds first.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'spice-cloud.cjs');

if (!existsSync(join(ROOT, 'dist', 'main.cjs'))) {
  throw new Error('dist/main.cjs is missing: run `npm run build` (npm test does it) before the end-to-end tests');
}

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string | Buffer | 'close';
  cwd?: string;
  timeoutMs?: number;
  /** Send SIGINT after this many ms (or when `interruptOn` matches stderr). */
  interruptAfterMs?: number;
  interruptOn?: RegExp;
}

export interface Bed {
  emu: RunningEmulator;
  home: string;
  env: Record<string, string>;
  run(args: string[], o?: RunOptions): Promise<Result>;
  /** `runPtyExact` with this bed's environment (plus `o.env`), in `home` unless `o.cwd` is given. */
  pty(args: string[], steps?: PtyStep[], o?: PtyOptions): Promise<PtyResult>;
  /** Calls the emulator's API directly with the bed's token (fast setup and checks, no CLI). */
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }>;
  close(): Promise<void>;
}

/** A fresh emulator + config home. Deployments are instant unless told otherwise. */
export async function bed(opts: EmulatorOptions = {}): Promise<Bed> {
  const emu = await startEmulator({ port: 0, queuedMs: 0, runningMs: 0, ...opts });
  const home = mkdtempSync(join(tmpdir(), 'spice-cloud-e2e-'));
  const env = {
    SPICE_API_URL: emu.url,
    SPICE_API_TOKEN: emu.token,
    XDG_CONFIG_HOME: join(home, 'config'),
    HOME: home,
  };
  return {
    emu,
    home,
    env,
    run: (args, o = {}) => runCli(args, { ...o, env: { ...env, ...o.env }, cwd: o.cwd ?? home }),
    pty: (args, steps = [], o = {}) => runPtyExact(args, steps, { ...o, env: { ...env, ...o.env }, cwd: o.cwd ?? home }),
    call: async (method, path, body) => {
      const res = await fetch(`${emu.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${emu.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, data: text ? JSON.parse(text) : undefined };
    },
    close: async () => {
      await emu.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Spawns the built CLI with a clean environment (no inherited SPICE_* or proxies). */
export function runCli(args: string[], o: RunOptions = {}): Promise<Result> {
  const base: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };
  const env: Record<string, string> = { ...base };
  for (const [k, v] of Object.entries(o.env ?? {})) if (v !== undefined) env[k] = v;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: o.cwd ?? ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    const interrupt = () => {
      if (!interrupted) {
        interrupted = true;
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (o.interruptOn?.test(stderr)) interrupt();
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 15_000);
    const interrupter = o.interruptAfterMs !== undefined ? setTimeout(interrupt, o.interruptAfterMs) : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      if (interrupter) clearTimeout(interrupter);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
    // A command that never reads stdin may exit before the write lands (EPIPE): not a failure.
    child.stdin.on('error', () => {});
    if (o.stdin === 'close' || o.stdin === undefined) child.stdin.end();
    else child.stdin.end(o.stdin);
  });
}

export interface PtyStep {
  expect: string;
  send: string;
  delay?: number;
}

export interface PtyOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutS?: number;
}

export interface PtyResult {
  code: number;
  output: string;
  timedOut: boolean;
}

/** Runs the CLI in a real pseudo-terminal (python3's pty), typing `steps`. Output is stdout+stderr as a terminal shows them. */
export function runPty(args: string[], steps: PtyStep[], o: PtyOptions = {}): Promise<PtyResult> {
  return spawnPty([process.execPath, BIN, ...args], steps, o);
}

const EXIT_MARK = '__spice_e2e_exit__';

/**
 * `runPty`, with the exit code reported from inside the terminal by a wrapping shell:
 * pty_run.py can report 0 for a child that exited non-zero (when its WNOHANG waitpid reaps
 * the child, the final waitpid fails and the status falls back to 0). The marker line is
 * removed from `output`; without it (killed on timeout) pty_run's code stands.
 */
export async function runPtyExact(args: string[], steps: PtyStep[], o: PtyOptions = {}): Promise<PtyResult> {
  const report = `"$@"; printf '\\n${EXIT_MARK}=%s\\n' "$?"`;
  const r = await spawnPty(['/bin/sh', '-c', report, 'sh', process.execPath, BIN, ...args], steps, o);
  const m = new RegExp(`\\r?\\n${EXIT_MARK}=(\\d+)\\r?\\n`).exec(r.output);
  if (!m) return r;
  return { ...r, code: Number(m[1]), output: r.output.slice(0, m.index) + r.output.slice(m.index + m[0].length) };
}

function spawnPty(argv: string[], steps: PtyStep[], o: PtyOptions): Promise<PtyResult> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', TERM: 'xterm-256color', PTY_STEPS: JSON.stringify(steps), PTY_TIMEOUT: String(o.timeoutS ?? 10) };
  for (const [k, v] of Object.entries(o.env ?? {})) if (v !== undefined) env[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [join(ROOT, 'test', 'helpers', 'pty_run.py'), ...argv], { env, cwd: o.cwd ?? ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}'));
      } catch {
        reject(new Error(`pty runner failed: ${err || out}`));
      }
    });
  });
}

/** Strips ANSI escapes (colours, cursor moves) from terminal output. */
export function plain(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}

/** The emulator's request log without admin routes, as "METHOD path status" lines. */
export function requestLines(emu: RunningEmulator): string[] {
  return emu.requests().map((r) => `${r.method} ${r.path} ${r.status}`);
}

/** Any ANSI escape (colour, cursor movement). */
// eslint-disable-next-line no-control-regex
export const ANSI = /\x1b\[/;

/** sha256 hex, as the emulator's snapshot shows secret values and API keys. */
export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** Requests that could change state (anything but GET/HEAD), from log position `from` on. */
export function mutations(emu: RunningEmulator, from = 0): string[] {
  return emu
    .requests()
    .slice(from)
    .filter((r) => r.method !== 'GET' && r.method !== 'HEAD')
    .map((r) => `${r.method} ${r.path} ${r.status}`);
}

/** The parts of `emu.snapshot()` the end-to-end tests look at. */
export interface Snapshot {
  apps: Array<{
    id: number;
    name: string;
    region: string | null;
    tags: Record<string, string>;
    description: string | null;
    api_key: string | null;
    api_key_2: string | null;
    deleted_at: string | null;
    config: { spicepod: Record<string, unknown> | null; replicas: number; image_tag: string | null };
  }>;
  deployments: Array<{ id: number; app_id: number; status: string; error_code: string | null }>;
  secrets: Array<{ app_id: number; name: string; value: string }>;
  members: Array<{ user_id: number; username?: string; roles: string[] }>;
}

export function snapshot(emu: RunningEmulator): Snapshot {
  return emu.snapshot() as Snapshot;
}

/** The JSON error object that `--json` writes to stderr (its last line). */
export function jsonError(stderr: string): { status: number | null; code: string | null; message: string; hint: string | null } {
  const line = stderr.trim().split('\n').pop() ?? '';
  const parsed = JSON.parse(line) as { error: { status: number | null; code: string | null; message: string; hint: string | null } };
  return parsed.error;
}
