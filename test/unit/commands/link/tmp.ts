import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh real directory, removed after the test. */
export function tempDir(): string {
  const d = realpathSync(mkdtempSync(join(tmpdir(), 'spice-link-')));
  dirs.push(d);
  return d;
}

export function writeLinkFile(dir: string, data: unknown): string {
  mkdirSync(join(dir, '.spice'), { recursive: true });
  const file = join(dir, '.spice', 'cloud.json');
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
}
