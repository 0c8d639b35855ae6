import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { findMember, label, MEMBER_COLUMNS, parseMemberRef, parseRoles, refuseOwner, type MemberRef } from './shared.js';

export interface UpdateOptions {
  member: MemberRef;
  roles: string[];
}

export function parse(raw: RawInput): UpdateOptions {
  const member = parseMemberRef(raw.args[0]);
  const roles = parseRoles(raw.opts.role);
  if (!roles) throw new UsageError('--role is required: give the complete new set of roles (e.g. --role admin --role billing)');
  return { member, roles };
}

export async function run(opts: UpdateOptions, ctx: Context): Promise<void> {
  const target = await findMember(ctx, opts.member);
  refuseOwner(target, 'change the roles of');
  const updated = await (await ctx.api()).members.update(target.user_id, opts.roles);
  ctx.out.success(`Updated ${label(target)}: roles now ${(updated.roles ?? opts.roles).join(', ')}`);
  await ctx.out.item({ ...target, ...updated }, MEMBER_COLUMNS);
}
