/**
 * Line history for the interactive REPLs (`chat`, `sql`): one file per REPL in the config
 * directory (`<config dir>/<name>_history`), oldest line first, file mode 0600 in a 0700
 * directory, at most `max` lines. Unreadable or unwritable history is never fatal: the
 * REPL works without it (the caller may warn once).
 */
import { closeSync, constants, fchmodSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { configDir, type ConfigEnv } from './store.js';

export const DEFAULT_HISTORY_LINES = 1000;
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0);

export interface History {
  readonly path: string;
  /** Newest first, as node:readline's `history` option wants it. */
  lines(): string[];
  /** Records one submitted line (not blank, not a repeat of the last); saves at once. */
  add(line: string): void;
}

export function historyFile(env: ConfigEnv, name: string): string {
  return join(configDir(env), `${name}_history`);
}

export function openHistory(path: string, o: { max?: number; onError?: (e: Error) => void } = {}): History {
  const max = o.max ?? DEFAULT_HISTORY_LINES;
  let entries: string[] = [];
  try {
    entries = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').slice(-max);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') o.onError?.(e as Error);
  }
  let failed = false;
  return {
    path,
    lines: () => [...entries].reverse(),
    add(line) {
      const one = line.replace(/\r?\n/g, ' ');
      if (one.trim() === '' || entries[entries.length - 1] === one) return;
      entries.push(one);
      if (entries.length > max) entries = entries.slice(-max);
      if (failed) return;
      try {
        mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
        // O_NOFOLLOW: a symlink planted at the history path is not written through.
        const fd = openSync(path, WRITE_FLAGS, 0o600);
        try {
          fchmodSync(fd, 0o600);
          writeSync(fd, `${entries.join('\n')}\n`);
        } finally {
          closeSync(fd);
        }
      } catch (e) {
        failed = true;
        o.onError?.(e as Error);
      }
    },
  };
}
