import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { confirmDestructive } from '../shared/confirm.js';
import { findMember, label, parseMemberRef, refuseOwner, type MemberRef } from './shared.js';

export interface RemoveOptions {
  member: MemberRef;
  yes: boolean;
}

export function parse(raw: RawInput): RemoveOptions {
  return { member: parseMemberRef(raw.args[0]), yes: raw.opts.yes === true };
}

const question = (who: string) => `Remove ${who} from the organization?`;

export async function run(opts: RemoveOptions, ctx: Context): Promise<void> {
  // Without a way to confirm, refuse before any request (even the member lookup).
  if (!opts.yes && !ctx.canPrompt) await confirmDestructive(ctx, question(`"${opts.member.text}"`), false);
  const target = await findMember(ctx, opts.member);
  refuseOwner(target, 'remove');
  await confirmDestructive(ctx, question(label(target)), opts.yes);
  await (await ctx.api()).members.remove(target.user_id);
  ctx.out.success(`Removed ${label(target)} from the organization`);
  if (ctx.out.jsonMode) ctx.out.json({ user_id: target.user_id, username: target.username, removed: true });
}
