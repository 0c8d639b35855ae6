export const raw = (args: unknown[] = [], opts: Record<string, unknown> = {}) => ({ args, opts, env: {} });

export const OWNER = { user_id: 1, username: 'Founder', roles: ['owner'], is_owner: true, created_at: '2026-01-01T00:00:00Z' };
export const ALICE = { user_id: 42, username: 'Alice', roles: ['admin', 'billing'], is_owner: false, created_at: '2026-11-25T12:00:00Z' };
export const BOB = { user_id: 43, username: 'bob.smith', roles: ['member'], created_at: '2026-11-26T11:00:00Z' };
export const MEMBERS = { members: [OWNER, ALICE, BOB] };
