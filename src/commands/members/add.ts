import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { MEMBER_COLUMNS, parseRoles, parseUsername } from './shared.js';

export interface AddOptions {
  username: string;
  roles: string[];
}

export function parse(raw: RawInput): AddOptions {
  return { username: parseUsername(raw.args[0]), roles: parseRoles(raw.opts.role) ?? ['member'] };
}

export async function run(opts: AddOptions, ctx: Context): Promise<void> {
  const member = await (await ctx.api()).members.add(opts.username, opts.roles);
  ctx.out.success(`Added "${member.username ?? opts.username}" to the organization as ${(member.roles ?? opts.roles).join(', ')}`);
  await ctx.out.item(member, MEMBER_COLUMNS);
}
