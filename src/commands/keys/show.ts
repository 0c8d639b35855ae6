/** Output shared by the keys verbs: both keys, masked unless the user asked for --reveal. */
import type { ApiKeys } from '../../api/types.js';
import type { Context } from '../../context.js';
import type { Column } from '../../output/writer.js';

export type KeyName = 'primary' | 'secondary';

interface KeyRow {
  key: KeyName;
  value: string | null;
}

const COLUMNS: Column<KeyRow>[] = [
  { header: 'Key', get: (r) => r.key },
  { header: 'Value', get: (r) => r.value, kind: 'key' },
];

/** `--app` as the user can type it back, for hints. */
export function appFlag(name: string): string {
  return `-a ${name}`;
}

export function warnReveal(ctx: Context, appName: string): void {
  ctx.out.warn(`these keys grant data access to app "${appName}"; store them in a secret manager, not in shell history or logs`);
}

/**
 * Registers keys that will be shown masked with the redactor, so that no other line this
 * process prints (errors, traces) can carry them in clear.
 */
export function guardKeys(ctx: Context, keys: ApiKeys | undefined, reveal: boolean): void {
  if (reveal || !keys) return;
  ctx.redactor.add(keys.api_key);
  ctx.redactor.add(keys.api_key_2);
}

export async function showKeys(ctx: Context, keys: ApiKeys, reveal: boolean, extraJson: Record<string, unknown> = {}): Promise<void> {
  guardKeys(ctx, keys, reveal);
  const rows: KeyRow[] = [
    { key: 'primary', value: keys.api_key ?? null },
    { key: 'secondary', value: keys.api_key_2 ?? null },
  ];
  const json = { api_key: keys.api_key ?? null, api_key_2: keys.api_key_2 ?? null, ...extraJson };
  await ctx.out.list(rows, COLUMNS, { reveal, json });
}
