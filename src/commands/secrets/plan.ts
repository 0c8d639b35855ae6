/**
 * What `secrets import` will do: each name in the file is a create or an update
 * (compared with the app's current secrets); with --prune, each secret the file does
 * not name is a delete. Steps carry values for the runner; `describe` drops them.
 */
import type { Secret } from '../../api/types.js';
import type { SecretEntry } from './envfile.js';

export type Action = 'create' | 'update' | 'delete';

export interface Step {
  name: string;
  action: Action;
  /** Set for create/update; never printed. */
  value?: string;
}

export function makePlan(entries: SecretEntry[], existing: Secret[], prune: boolean): Step[] {
  const current = new Set(existing.map((s) => s.name));
  const wanted = new Set(entries.map((e) => e.name));
  const upserts = entries.map((e): Step => ({ name: e.name, action: current.has(e.name) ? 'update' : 'create', value: e.value }));
  const deletes = prune ? [...current].filter((n) => !wanted.has(n)).map((name): Step => ({ name, action: 'delete' })) : [];
  return [...upserts, ...deletes];
}

/** The plan without values, for output. */
export function describe(plan: Step[]): Array<{ name: string; action: Action }> {
  return plan.map(({ name, action }) => ({ name, action }));
}

export function count(plan: Step[], action: Action): number {
  return plan.filter((s) => s.action === action).length;
}
