import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import { findMember, MEMBER_COLUMNS, parseMemberRef, type MemberRef } from './shared.js';

export interface GetOptions {
  member: MemberRef;
}

export function parse(raw: RawInput): GetOptions {
  return { member: parseMemberRef(raw.args[0]) };
}

export async function run(opts: GetOptions, ctx: Context): Promise<void> {
  const { id } = opts.member;
  if (id === undefined) return ctx.out.item(await findMember(ctx, opts.member), MEMBER_COLUMNS);
  const member = await (await ctx.api()).members.get(id).catch((e: unknown) => {
    if (e instanceof NotFoundError) e.hint = 'List members and their user IDs with `spice-cloud members list`.';
    throw e;
  });
  await ctx.out.item(member, MEMBER_COLUMNS);
}
