/**
 * Members are addressed by user ID (all digits) or username (`@name` forces a username
 * that is all digits). Usernames resolve through `GET /v1/members`, case-insensitively.
 */
import type { Member } from '../../api/types.js';
import type { Context } from '../../context.js';
import { AuthError, NotFoundError, UsageError } from '../../errors.js';
import type { Column } from '../../output/writer.js';
import { nearMatches } from '../shared/app.js';

export const ROLES = ['owner', 'admin', 'member', 'viewer', 'billing'] as const;
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,38}$/;

export interface MemberRef {
  /** As the user gave it, for messages. */
  text: string;
  id?: number;
}

const show = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

export function parseUsername(v: unknown): string {
  const s = typeof v === 'string' ? v.trim().replace(/^@/, '') : '';
  if (!USERNAME.test(s) || s.includes('..')) {
    throw new UsageError(`invalid username ${show(String(v ?? ''))}: use up to 39 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  }
  return s;
}

export function parseMemberRef(v: unknown): MemberRef {
  const s = typeof v === 'string' ? v.trim() : '';
  if (s === '') throw new UsageError('the member is required: give a user ID or a username');
  if (/^\d+$/.test(s)) {
    const id = Number(s);
    if (!Number.isSafeInteger(id) || id < 1) throw new UsageError(`invalid user ID ${s}: must be a positive whole number`);
    return { text: s, id };
  }
  if (s.startsWith('@')) return { text: parseUsername(s) };
  if (!USERNAME.test(s) || s.includes('..')) {
    throw new UsageError(`invalid member ${show(s)}: give a user ID (digits) or a username (letters, digits, '.', '_' or '-')`);
  }
  return { text: s };
}

/** `--role` (repeatable, or comma-separated) into a de-duplicated list; `owner` cannot be granted. */
export function parseRoles(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  const items = (Array.isArray(v) ? v : [v]).flatMap((r) => String(r).split(',')).map((r) => r.trim().toLowerCase());
  const roles: string[] = [];
  for (const r of items) {
    if (!(ROLES as readonly string[]).includes(r)) throw new UsageError(`invalid --role ${show(r)}: must be one of ${ROLES.join(', ')}`);
    if (r === 'owner') throw new UsageError('invalid --role "owner": the owner role cannot be granted');
    if (!roles.includes(r)) roles.push(r);
  }
  if (roles.length === 0) throw new UsageError('--role needs a value: one of admin, member, viewer, billing');
  return roles;
}

export function isOwner(m: Member): boolean {
  return m.is_owner === true || (m.roles ?? []).includes('owner');
}

/** `"alice" (user 42)`, for messages. */
export function label(m: Member): string {
  return `"${m.username}" (user ${m.user_id})`;
}

export const MEMBER_COLUMNS: Column<Member>[] = [
  { header: 'User ID', get: (m) => m.user_id },
  { header: 'Username', get: (m) => m.username, required: true },
  { header: 'Roles', get: (m) => m.roles, kind: 'list', overflow: 'truncate', priority: 2 },
  { header: 'Owner', get: (m) => isOwner(m), kind: 'bool', priority: 1 },
  { header: 'Joined', get: (m) => m.created_at, kind: 'time' },
];

/** Finds a member in the organization's list (which also tells who the owner is). */
export async function findMember(ctx: Context, ref: MemberRef): Promise<Member> {
  const members = await (await ctx.api()).members.list();
  const wanted = ref.text.toLowerCase();
  const hit = members.find((m) => (ref.id !== undefined ? m.user_id === ref.id : m.username.toLowerCase() === wanted));
  if (hit) return hit;
  const near = ref.id === undefined ? nearMatches(ref.text, members.map((m) => m.username)) : [];
  throw new NotFoundError(ref.id !== undefined ? `no member with user ID ${ref.id} in the organization` : `no member named "${ref.text}" in the organization`, {
    hint: near.length ? `Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : 'List members with `spice-cloud members list`.',
  });
}

/** The API refuses these too (403); refusing here guarantees nothing mutating is sent. */
export function refuseOwner(m: Member, action: 'remove' | 'change the roles of'): void {
  if (!isOwner(m)) return;
  throw new AuthError(`cannot ${action} ${label(m)}: they own the organization; nothing was sent`, {
    code: 'owner_protected',
    hint: 'The organization owner cannot be removed or demoted.',
  });
}
