/**
 * `.spice/cloud.json`: binds a directory to an app (IDs and names only, never a secret).
 * Looked up from the working directory towards the root; the nearest wins.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { ConfigError } from '../../errors.js';

export interface LinkData {
  app_id: number;
  app_name: string;
  org?: string | undefined;
  api_url?: string | undefined;
}

export const LINK_DIR = '.spice';
export const LINK_FILE = 'cloud.json';

export async function findLink(cwd: string): Promise<{ path: string; data: LinkData } | undefined> {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const file = join(dir, LINK_DIR, LINK_FILE);
    if (existsSync(file)) return { path: file, data: await readLink(file) };
    if (dirname(dir) === dir) return undefined;
  }
}

async function readLink(file: string): Promise<LinkData> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`link file ${file} is not valid JSON (${(e as Error).message})`, 'Run `spice-cloud link <app>` again to rewrite it.');
  }
  const d = data as Partial<LinkData>;
  if (!d || typeof d.app_id !== 'number' || typeof d.app_name !== 'string') {
    throw new ConfigError(`link file ${file} has no app_id/app_name`, 'Run `spice-cloud link <app>` again to rewrite it.');
  }
  return { app_id: d.app_id, app_name: d.app_name, org: d.org, api_url: d.api_url };
}

/** Writes atomically (temp file + rename), so concurrent `link` runs leave valid JSON. */
export async function writeLink(dir: string, data: LinkData): Promise<string> {
  const folder = join(dir, LINK_DIR);
  await mkdir(folder, { recursive: true });
  const file = join(folder, LINK_FILE);
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o644 });
  await rename(tmp, file);
  return file;
}

export async function removeLink(dir: string): Promise<boolean> {
  const file = join(dir, LINK_DIR, LINK_FILE);
  if (!existsSync(file)) return false;
  await rm(file);
  // Leave .spice/ if something else lives there.
  await rmdir(join(dir, LINK_DIR)).catch(() => undefined);
  return true;
}
