/**
 * Holds the state, the clock and the persistence policy. Handlers mutate `data` and call
 * `changed()`; the server saves once after the request (when a state file is set).
 */
import { randomBytes } from 'node:crypto';
import { freshState, loadStateFile, saveStateFile, type AppRecord, type StateData } from './state.js';
import { ApiError } from './errors.js';

export class Store {
  data: StateData;
  private dirty = false;

  constructor(
    readonly now: () => number,
    private readonly file: string | undefined,
  ) {
    this.data = (file !== undefined ? loadStateFile(file) : null) ?? freshState(this.iso());
  }

  iso(ms: number = this.now()): string {
    return new Date(ms).toISOString();
  }

  changed(): void {
    this.dirty = true;
  }

  /** Persists if anything changed since the last flush (or always, with force). */
  flush(force = false): void {
    if (this.file === undefined || (!this.dirty && !force)) return;
    saveStateFile(this.file, this.data);
    this.dirty = false;
  }

  nextId(kind: keyof StateData['next_ids']): number {
    const id = this.data.next_ids[kind];
    this.data.next_ids[kind] = id + 1;
    return id;
  }

  /** Live (not soft-deleted) app by path parameter; 400 for a non-integer id, else 404. */
  app(idParam: string | undefined): AppRecord {
    const id = parseId(idParam, 'Invalid app ID');
    const app = this.data.apps.find((a) => a.id === id && a.deleted_at === null);
    if (!app) throw new ApiError(404, `App with ID ${id} not found`);
    return app;
  }
}

/** Path ids are positive decimal integers. */
export function parseId(v: string | undefined, message: string): number {
  if (v === undefined || !/^\d{1,15}$/.test(v)) throw new ApiError(400, message);
  return Number(v);
}

/** Runtime data-plane key: 'spk_' + 32 hex characters. */
export const newApiKey = (): string => `spk_${randomBytes(16).toString('hex')}`;
