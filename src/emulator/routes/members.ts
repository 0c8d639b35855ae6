/**
 * Organisation members. Users come from the built-in directory (seed.ts); the owner can
 * be neither patched nor removed.
 */
import type { Ctx, RouteAdder } from '../context.js';
import { ApiError } from '../errors.js';
import { bodyObject, json, noContent } from '../http.js';
import { DIRECTORY, MEMBER_ROLES } from '../seed.js';
import type { MemberRecord } from '../state.js';
import { parseId } from '../store.js';
import { Fields, page } from '../validate.js';

const brief = (m: MemberRecord) => ({ user_id: m.user_id, username: m.username, roles: [...m.roles], created_at: m.created_at });
const full = (m: MemberRecord) => ({ ...brief(m), is_owner: m.is_owner });

function findMember(ctx: Ctx): MemberRecord {
  const raw = ctx.params['memberId'];
  const id = parseId(raw, 'Invalid member ID');
  const m = ctx.store.data.members.find((x) => x.user_id === id);
  if (!m) throw new ApiError(404, `Member with ID ${raw} not found`);
  return m;
}

const ownerRefusal = () => new ApiError(403, 'The organization owner cannot be modified or removed', 'forbidden');

function addMember(ctx: Ctx) {
  const store = ctx.store;
  const f = new Fields(bodyObject(ctx.json()));
  const username = f.string('username', { required: true, min: 1 });
  const roles = f.stringArray('roles', { allowed: MEMBER_ROLES, nonEmpty: true });
  f.done();
  const user = DIRECTORY.find((u) => u.username.toLowerCase() === String(username).toLowerCase());
  if (!user) throw new ApiError(404, `User '${username}' not found. They must sign in to Spice.ai at least once.`);
  if (store.data.members.some((m) => m.user_id === user.user_id)) {
    throw new ApiError(409, `User '${user.username}' is already a member of this organization`);
  }
  const member: MemberRecord = { user_id: user.user_id, username: user.username, roles: roles ?? ['member'], is_owner: false, created_at: store.iso() };
  store.data.members.push(member);
  store.data.members.sort((a, b) => a.user_id - b.user_id);
  store.changed();
  return json(201, brief(member));
}

function updateMember(ctx: Ctx) {
  const m = findMember(ctx);
  const f = new Fields(bodyObject(ctx.json()));
  const roles = f.stringArray('roles', { required: true, allowed: MEMBER_ROLES, nonEmpty: true });
  f.done();
  if (m.is_owner) throw ownerRefusal();
  if (roles) m.roles = roles;
  ctx.store.changed();
  return json(200, brief(m));
}

function removeMember(ctx: Ctx) {
  const m = findMember(ctx);
  if (m.is_owner) throw ownerRefusal();
  ctx.store.data.members = ctx.store.data.members.filter((x) => x !== m);
  ctx.store.changed();
  return noContent();
}

export function registerMemberRoutes(add: RouteAdder): void {
  add('GET', '/v1/members', (ctx) => json(200, { members: page(ctx.query, ctx.store.data.members.map(full), ctx.env.strict) }));
  add('POST', '/v1/members', addMember);
  add('GET', '/v1/members/{memberId}', (ctx) => json(200, full(findMember(ctx))));
  add('PATCH', '/v1/members/{memberId}', updateMember);
  add('DELETE', '/v1/members/{memberId}', removeMember);
}
