/**
 * The name → ID cache: `<config dir>/app-ids.json` (mode 0600), so a read addressed by
 * app name costs no extra request once the name has been seen.
 *
 * One owner, one rule: `commands/shared/app.ts` reads it only for reads (`withApp`), and
 * a cached ID is checked by the command's own request: a 404 for it drops the entry and
 * the name is resolved again by listing. Entries are scoped by API URL and org, so an ID
 * is never trusted on another API or in another organization. Writes (delete, import,
 * deploy…) always resolve the name afresh. Every listing of apps refreshes the scope.
 *
 * Plain node:fs; a missing, foreign or corrupt file
 * is simply an empty cache, never an error, and it is never written through a symlink.
 */
import { closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { currentUid } from './uid.js';

const FILE = 'app-ids.json';
/** Per scope; the oldest names go first. */
const MAX_NAMES = 200;

type Shape = Record<string, Record<string, number>>;

export interface AppIdScope {
  apiUrl: string;
  org: string | undefined;
}

const scopeKey = (s: AppIdScope) => `${s.apiUrl}|${s.org ?? ''}`;

export class AppIdCache {
  /** `dir` null: a cache that never remembers. */
  constructor(private readonly dir: string | null) {}

  get(scope: AppIdScope, name: string): number | undefined {
    const id = this.read()[scopeKey(scope)]?.[name.toLowerCase()];
    return Number.isSafeInteger(id) && id! > 0 ? id : undefined;
  }

  /** Records names → IDs (a listing replaces the scope: names that went away are dropped). */
  remember(scope: AppIdScope, apps: ReadonlyArray<{ id: number; name: string }>, replace = false): void {
    const all = this.read();
    const key = scopeKey(scope);
    const names: Record<string, number> = replace ? {} : { ...all[key] };
    for (const a of apps) {
      delete names[a.name.toLowerCase()];
      names[a.name.toLowerCase()] = a.id;
    }
    const next = Object.fromEntries(Object.entries(names).slice(-MAX_NAMES));
    if (JSON.stringify(next) === JSON.stringify(all[key])) return; // unchanged: no write
    all[key] = next;
    this.write(all);
  }

  forget(scope: AppIdScope, name: string): void {
    const all = this.read();
    const names = all[scopeKey(scope)];
    if (!names || !(name.toLowerCase() in names)) return;
    delete names[name.toLowerCase()];
    this.write(all);
  }

  private read(): Shape {
    if (this.dir === null) return {};
    let fd: number | undefined;
    try {
      fd = openSync(join(this.dir, FILE), constants.O_RDONLY | constants.O_NOFOLLOW);
      const st = fstatSync(fd);
      if (!st.isFile() || st.size > 1024 * 1024 || (currentUid() !== undefined && st.uid !== currentUid())) return {};
      const data = JSON.parse(readFileSync(fd, 'utf8')) as unknown;
      return data && typeof data === 'object' && !Array.isArray(data) ? (data as Shape) : {};
    } catch {
      return {};
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  private write(all: Shape): void {
    if (this.dir === null) return;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      writeFileAtomic(join(this.dir, FILE), JSON.stringify(all), 0o600, { durable: false });
    } catch {
      // a cache: failing to write it only costs a request next time
    }
  }
}
