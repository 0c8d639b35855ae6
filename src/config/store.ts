/**
 * The credential store: named profiles (token, API URL, org) and cached OAuth access
 * tokens, in `<config dir>/config.json`, file mode 0600 inside a 0700 directory.
 *
 * Plain node:fs: every command run with a stored login reads this file, and the library
 * it used to go through (conf, with ajv and semver behind it) cost ~100 ms to load, more
 * than the rest of such a command (docs/bench.md). Every read reads the file (so inside
 * the lock a read sees other processes' writes); every write replaces it atomically
 * (atomic.ts), under a lock file, so concurrent writers leave valid JSON and lose no
 * profile. An env token (`SPICE_API_TOKEN`) never touches it.
 */
import { accessSync, chmodSync, closeSync, constants, lstatSync, mkdirSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { os } from '../builtins.js';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { jsonErrorLine } from '../json-error.js';
import { writeFileAtomic } from './atomic.js';
import { currentUid } from './uid.js';

export interface Profile {
  /** The token, when it is kept in this file (`tokenStorage` absent or 'file'). */
  token?: string;
  /** 'keychain': the token is in the OS keychain (keychain.ts), not here. */
  tokenStorage?: 'keychain' | 'file';
  apiUrl?: string;
  org?: string;
}

export interface CachedAccessToken {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
}

export interface ConfigStore {
  readonly path: string;
  getProfile(name: string): Profile | undefined;
  setProfile(name: string, profile: Profile): void;
  deleteProfile(name: string): boolean;
  profileNames(): string[];
  getCachedToken(key: string): CachedAccessToken | undefined;
  setCachedToken(key: string, token: CachedAccessToken): void;
  /** One-time notices already shown (e.g. "no keychain, the token is in the file"). */
  noticeShown(name: string): boolean;
  markNoticeShown(name: string): void;
}

interface StoreShape {
  profiles?: Record<string, Profile>;
  oauth?: Record<string, CachedAccessToken>;
  notices?: Record<string, boolean>;
}

export interface ConfigEnv {
  SPICE_CONFIG_DIR?: string | undefined;
  XDG_CONFIG_HOME?: string | undefined;
  HOME?: string | undefined;
}

export function configDir(env: ConfigEnv): string {
  if (env.SPICE_CONFIG_DIR) return env.SPICE_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || os().homedir(), '.config');
  return join(base, 'spice-cloud');
}

/** Opens (creating if needed) the store. Throws ConfigError naming the file if unreadable. */
export async function openConfigStore(dir: string): Promise<ConfigStore> {
  const file = join(dir, 'config.json');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new ConfigError(`cannot create config directory ${dir}: ${(e as Error).message}`);
  }
  if ((checkOwnership(dir, file) & 0o077) !== 0) chmodSync(dir, 0o700);
  // A corrupt or unreadable file is reported now, naming it. What this read found serves
  // the first plain read after it (the command's own, a moment later); every other read,
  // and every read under the lock, reads the file.
  let opened: StoreShape | undefined = readStore(file);
  const read = (): StoreShape => {
    const s = opened ?? readStore(file);
    opened = undefined;
    return s;
  };
  /** Read, change, write, under the lock: `fn` returns the new contents, or undefined for no change. */
  const update = (fn: (current: StoreShape) => StoreShape | undefined): boolean =>
    withLock(file, () => {
      opened = undefined;
      const next = fn(readStore(file));
      if (next) writeFileAtomic(file, `${JSON.stringify(next, null, '\t')}\n`, 0o600);
      return next !== undefined;
    });
  return {
    path: file,
    getProfile: (name) => read().profiles?.[name],
    setProfile: (name, profile) => void update((s) => ({ ...s, profiles: { ...s.profiles, [name]: profile } })),
    deleteProfile: (name) =>
      update((s) => {
        if (!s.profiles || !Object.hasOwn(s.profiles, name)) return undefined;
        const { [name]: _gone, ...profiles } = s.profiles;
        return { ...s, profiles };
      }),
    profileNames: () => Object.keys(read().profiles ?? {}),
    getCachedToken: (key) => read().oauth?.[key],
    setCachedToken: (key, token) => void update((s) => ({ ...s, oauth: { ...s.oauth, [key]: token } })),
    noticeShown: (name) => read().notices?.[name] === true,
    markNoticeShown: (name) => void update((s) => ({ ...s, notices: { ...s.notices, [name]: true } })),
  };
}

/** The store's contents: a missing (or empty) file is an empty store; anything else that is not a JSON object is an error naming the file. */
function readStore(file: string): StoreShape {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    if (code === 'EACCES' || code === 'EPERM') {
      throw new ConfigError(`cannot read config file ${file}: permission denied`, `Check the owner and mode of ${file} (it should be yours, mode 0600).`);
    }
    throw new ConfigError(`cannot read config file ${file}: ${(e as Error).message}`);
  }
  if (text.trim() === '') return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw corrupt(file, jsonErrorLine(text, e));
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw corrupt(file, ' (not a JSON object)');
  return data as StoreShape;
}

/** The file holds tokens: the message says where it stopped parsing, never what it read there (json-error.ts). */
const corrupt = (file: string, where: string) =>
  new ConfigError(`config file ${file} is not valid JSON${where}`, 'Fix the file, or delete it and run `spice-cloud auth login` again.');

/**
 * The store holds credentials: it is never written through a symlink (which would
 * write, and chmod, whatever it points at), nor kept in a directory or file that another
 * user owns. Throws ConfigError saying which and why; returns the directory's mode.
 */
function checkOwnership(dir: string, file: string): number {
  const uid = currentUid();
  const hint = 'Use a directory of your own (SPICE_CONFIG_DIR), or fix the owner of this one.';
  let dirMode = 0o700;
  for (const [path, what] of [[dir, 'config directory'], [file, 'config file']] as const) {
    let st;
    try {
      st = lstatSync(path);
    } catch {
      continue; // the file does not exist yet
    }
    if (what === 'config directory') dirMode = st.mode;
    if (st.isSymbolicLink()) throw new ConfigError(`refusing to use the ${what} ${path}: it is a symbolic link`, hint);
    if (uid !== undefined && st.uid !== uid) throw new ConfigError(`refusing to use the ${what} ${path}: it belongs to another user (uid ${st.uid})`, hint);
    if (what === 'config file' && !st.isFile()) throw new ConfigError(`refusing to use the ${what} ${path}: it is not a regular file`, hint);
    if (what === 'config file') {
      try {
        accessSync(path, constants.R_OK | constants.W_OK);
      } catch {
        throw new ConfigError(`cannot read config file ${path}: permission denied`, `Check the mode of ${path} (it should be 0600).`);
      }
    }
  }
  return dirMode;
}

const LOCK_WAIT_MS = 5_000;
const LOCK_STALE_MS = 10_000;

/**
 * Serialises read-modify-write of the store across processes (parallel `auth login`s in
 * CI would otherwise lose each other's profiles): an O_EXCL lock file beside it. A lock
 * older than 10 s is left over from a killed process and is taken over.
 */
function withLock<T>(file: string, fn: () => T): T {
  const lock = `${file}.lock`;
  const giveUp = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx', 0o600));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new ConfigError(`cannot lock config file ${file}: ${(e as Error).message}`);
      if (lockAge(lock) > LOCK_STALE_MS) rmSync(lock, { force: true });
      else if (Date.now() > giveUp) throw new ConfigError(`config file ${file} is locked by another spice-cloud process`, `If none is running, delete ${lock}.`);
      else sleepSync(5 + Math.random() * 20);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

function lockAge(lock: string): number {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return 0; // released meanwhile: just try again
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** An in-memory store for unit tests. */
export function memoryConfigStore(initial: StoreShape = {}, path = '/tmp/spice-cloud-test/config.json'): ConfigStore {
  const state: StoreShape = structuredClone(initial);
  return {
    path,
    getProfile: (name) => state.profiles?.[name],
    setProfile: (name, profile) => void (state.profiles = { ...state.profiles, [name]: profile }),
    deleteProfile: (name) => {
      if (!state.profiles?.[name]) return false;
      delete state.profiles[name];
      return true;
    },
    profileNames: () => Object.keys(state.profiles ?? {}),
    getCachedToken: (key) => state.oauth?.[key],
    setCachedToken: (key, token) => void (state.oauth = { ...state.oauth, [key]: token }),
    noticeShown: (name) => state.notices?.[name] === true,
    markNoticeShown: (name) => void (state.notices = { ...state.notices, [name]: true }),
  };
}
