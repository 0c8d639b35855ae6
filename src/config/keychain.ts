/**
 * The operating system's keychain (macOS Keychain, Windows Credential Manager, the
 * Secret Service on Linux, through @napi-rs/keyring): where `auth login` stores the
 * token by default, and where cached OAuth access tokens go, so no credential sits in a
 * file. When no keychain is available (a server without a session bus, a container),
 * callers fall back to the 0600 config file (`auth login` says so once).
 *
 * The native module loads only here, only in commands that read or write credentials
 * (never on the startup path), in a worker thread per call, given KEYCHAIN_TIMEOUT_MS: a keychain that does not answer (a locked Secret Service waiting
 * for a prompt nobody sees) is treated as unavailable, never waited on.
 *
 * `SPICE_KEYRING=file` (or `0`/`off`) turns the keychain off (the file is used).
 */

import { dirname } from 'node:path';
import { os, requireFrom, workerThreads } from '../builtins.js';

export const KEYCHAIN_SERVICE = 'spice-cloud';
export const KEYCHAIN_TIMEOUT_MS = 3_000;

export interface Keychain {
  /** Human name of the backend, for `auth status` and `doctor`. */
  readonly name: string;
  get(account: string): Promise<string | undefined>;
  set(account: string, value: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

export interface KeychainEnv {
  SPICE_KEYRING?: string | undefined;
}

export type KeychainProbe = { ok: true; keychain: Keychain } | { ok: false; reason: string };

export class KeychainError extends Error {
  override name = 'KeychainError';
}

/** Account names inside the service. */
export const tokenAccount = (profile: string) => `token:${profile}`;
export const oauthAccount = (key: string) => `oauth:${key}`;

/** The platform's keychain by name (a function: node:os loads only when a keychain is used). */
const backend = () => {
  const p = os().platform();
  return p === 'darwin' ? 'macOS Keychain' : p === 'win32' ? 'Windows Credential Manager' : 'Secret Service';
};

/**
 * One keychain operation in a worker thread: a native call that blocks (a Secret Service
 * waiting on a prompt nobody can see) then blocks only the worker, which is dropped when
 * the time is up; the CLI itself never stops answering (or exiting on Ctrl-C).
 */
const WORKER = `
const { parentPort, workerData: { op, service, account, value } } = require('node:worker_threads');
try {
  const { Entry } = require(${JSON.stringify('@napi-rs/keyring')});
  const e = new Entry(service, account);
  const result = op === 'get' ? e.getPassword() : op === 'set' ? (e.setPassword(value), null) : e.deletePassword();
  parentPort.postMessage({ ok: true, result });
} catch (err) {
  parentPort.postMessage({ ok: false, message: String(err && err.message || err) });
}`;

async function inWorker<T>(what: string, op: 'get' | 'set' | 'delete', account: string, value: string | undefined, ms: number, paths: string[]): Promise<T> {
  const { Worker } = workerThreads();
  return new Promise<T>((resolve, reject) => {
    const code = WORKER.replace(`require(${JSON.stringify('@napi-rs/keyring')})`, `require(require.resolve('@napi-rs/keyring', { paths: ${JSON.stringify(paths)} }))`);
    const worker = new Worker(code, { eval: true, workerData: { op, service: KEYCHAIN_SERVICE, account, value } });
    worker.unref();
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new KeychainError(`the keychain did not answer within ${ms / 1000}s (${what})`));
    }, ms);
    timer.unref?.();
    worker.once('message', (m: { ok: boolean; result?: unknown; message?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (m.ok) resolve(m.result as T);
      else reject(new KeychainError(`${what}: ${m.message ?? 'failed'}`));
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(new KeychainError(`${what}: ${oneLine(e)}`));
    });
  });
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim().slice(0, 200);
}

const probed = new Map<boolean, Promise<KeychainProbe>>();

/**
 * Loads the native module and, with `probe` (the default), checks that a keychain works:
 * a probe entry is written and removed (a read alone is not proof: without a Secret
 * Service a read answers "nothing stored"). Memoised per process. Never throws:
 * unavailable is `{ ok: false, reason }`.
 */
export function openKeychain(env: KeychainEnv, o: { probe?: boolean; timeoutMs?: number } = {}): Promise<KeychainProbe> {
  const mode = (env.SPICE_KEYRING ?? '').toLowerCase();
  if (mode === 'file' || mode === '0' || mode === 'off' || mode === 'false') return Promise.resolve({ ok: false, reason: 'turned off by SPICE_KEYRING' });
  const check = o.probe !== false;
  let p = probed.get(check);
  if (!p) probed.set(check, (p = load(check, o.timeoutMs ?? KEYCHAIN_TIMEOUT_MS)));
  return p;
}

async function load(check: boolean, timeoutMs: number): Promise<KeychainProbe> {
  let paths: string[];
  try {
    // Where the native module is, for the worker; resolving does not load it here.
    const req = requireFrom(typeof __filename === 'string' ? __filename : import.meta.url);
    paths = [dirname(req.resolve('@napi-rs/keyring'))];
  } catch (e) {
    return { ok: false, reason: `the keychain module could not be found (${oneLine(e)})` };
  }
  const keychain: Keychain = {
    name: backend(),
    get: async (account) => (await inWorker<string | null>('read', 'get', account, undefined, timeoutMs, paths)) ?? undefined,
    set: (account, value) => inWorker<void>('write', 'set', account, value, timeoutMs, paths),
    delete: (account) => inWorker<boolean>('delete', 'delete', account, undefined, timeoutMs, paths).catch(() => false),
  };
  if (!check) return { ok: true, keychain };
  try {
    await keychain.set('probe', 'ok');
    await keychain.delete('probe');
    return { ok: true, keychain };
  } catch (e) {
    return { ok: false, reason: `no ${backend()} available (${oneLine(e).replace(/^write: /, '')})` };
  }
}

/** Test seam: forget the memoised probe. */
export function resetKeychainProbe(): void {
  probed.clear();
}
