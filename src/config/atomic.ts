/**
 * Replacing a small file atomically: the text goes to a new temp file beside it (created
 * exclusively, with its final mode), is flushed to disk, then renamed over the target.
 * A reader sees the old file or the new one, never half of one; concurrent writers leave
 * one of their files whole; rename replaces a symlink itself, never what it points at.
 * A failed write removes its temp file. Used by the credential store, the name → ID cache
 * and the link file; a cache, which a crash may lose, passes `durable: false` (no fsync).
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';

export function writeFileAtomic(file: string, text: string, mode: number, o: { durable?: boolean } = {}): void {
  const tmp = `${file}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', mode);
    writeFileSync(fd, text);
    if (o.durable !== false) fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
}
