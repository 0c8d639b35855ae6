import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { MEMBER_COLUMNS } from './shared.js';

export type ListOptions = Record<string, never>;

export function parse(_raw: RawInput): ListOptions {
  return {};
}

export async function run(_opts: ListOptions, ctx: Context): Promise<void> {
  const members = await (await ctx.api()).members.list();
  await ctx.out.list(members, MEMBER_COLUMNS);
}
