/**
 * `.spice/cloud.json`: binds a directory to an app (IDs and names only, never a secret).
 * Looked up from the working directory upwards; the nearest trusted one wins.
 *
 * Trust (a planted file once made `secrets import --prune` act on another app):
 * - the search stops at the repository root (a directory holding `.git`) or the home
 *   directory, whichever comes first, after looking there; never above;
 * - a link file is used only if it is a regular file (not a symlink, FIFO or device)
 *   owned by the current user, and neither `.spice/` nor the directory holding it is
 *   writable by others (world-writable, like /tmp). Anything else is skipped, and
 *   `onIgnored` says which file and why (commands warn on stderr);
 * - commands name the app the API returns for the stored ID, and warn when it differs
 *   from the stored name (shared/app.ts).
 */
// fs.promises, not node:fs/promises: the promise API loads on first use (~2 ms), and
// most commands only check whether a link file exists.
import { existsSync, lstatSync, promises as fsp, type Stats } from 'node:fs';
import { os } from '../../builtins.js';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../../errors.js';
import { writeFileAtomic } from '../../config/atomic.js';
import { currentUid } from '../../config/uid.js';

export interface LinkData {
  app_id: number;
  app_name: string;
  org?: string | undefined;
  api_url?: string | undefined;
}

export const LINK_DIR = '.spice';
export const LINK_FILE = 'cloud.json';
/** Link files are tiny; anything bigger is not one. */
const MAX_LINK_BYTES = 64 * 1024;

export interface FindLinkOptions {
  /** The home directory (a boundary of the search); default os.homedir(). */
  home?: string | undefined;
  /** Told about each link file skipped as untrusted. */
  onIgnored?: ((path: string, reason: string) => void) | undefined;
  /** The current user's uid (tests); default the process's own. */
  uid?: number | undefined;
}

export async function findLink(cwd: string, o: FindLinkOptions = {}): Promise<{ path: string; data: LinkData } | undefined> {
  const home = resolve(o.home ?? os().homedir());
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const file = join(dir, LINK_DIR, LINK_FILE);
    const st = lstatOrUndefined(file);
    if (st) {
      const distrust = whyUntrusted(st, dir, o.uid ?? currentUid());
      if (distrust === undefined) return { path: file, data: await readLink(file) };
      o.onIgnored?.(file, distrust);
    }
    if (dir === home || existsSync(join(dir, '.git')) || dirname(dir) === dir) return undefined;
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false }); // a missing file is the usual case: no exception for it
  } catch {
    return undefined;
  }
}

/** Why a link file found at `<dir>/.spice/cloud.json` is not to be trusted, or undefined. */
export function whyUntrusted(file: Stats, dir: string, uid: number | undefined): string | undefined {
  if (file.isSymbolicLink()) return 'it is a symbolic link';
  if (!file.isFile()) return 'it is not a regular file';
  if (uid !== undefined && file.uid !== uid) return `it belongs to another user (uid ${file.uid})`;
  for (const d of [join(dir, LINK_DIR), dir]) {
    const st = lstatOrUndefined(d);
    if (st && (st.mode & 0o002) !== 0) return `${d} is writable by every user`;
    if (st && uid !== undefined && d.endsWith(LINK_DIR) && st.uid !== uid) return `${d} belongs to another user (uid ${st.uid})`;
  }
  return undefined;
}

async function readLink(file: string): Promise<LinkData> {
  let data: unknown;
  try {
    const text = await fsp.readFile(file, 'utf8');
    if (text.length > MAX_LINK_BYTES) throw new Error('too large for a link file');
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`link file ${file} is not valid JSON (${(e as Error).message})`, 'Run `spice-cloud link` again to rewrite it (it lists your apps to pick from).');
  }
  const d = data as Partial<LinkData>;
  if (!d || typeof d.app_id !== 'number' || !Number.isSafeInteger(d.app_id) || d.app_id < 1 || typeof d.app_name !== 'string') {
    throw new ConfigError(`link file ${file} has no app_id/app_name`, 'Run `spice-cloud link` again to rewrite it (it lists your apps to pick from).');
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { app_id: d.app_id, app_name: d.app_name, org: str(d.org), api_url: str(d.api_url) };
}

/** Writes atomically (temp file + rename), so concurrent `link` runs leave valid JSON. */
export async function writeLink(dir: string, data: LinkData): Promise<string> {
  const folder = join(dir, LINK_DIR);
  await fsp.mkdir(folder, { recursive: true });
  const file = join(folder, LINK_FILE);
  writeFileAtomic(file, `${JSON.stringify(data, null, 2)}\n`, 0o644);
  return file;
}

export async function removeLink(dir: string): Promise<boolean> {
  const file = join(dir, LINK_DIR, LINK_FILE);
  if (!existsSync(file)) return false;
  await fsp.rm(file);
  // Leave .spice/ if something else lives there.
  await fsp.rmdir(join(dir, LINK_DIR)).catch(() => undefined);
  return true;
}
