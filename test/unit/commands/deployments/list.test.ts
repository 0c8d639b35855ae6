import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/deployments/list.js';
import { createContext } from '../../../../src/context.js';
import { UsageError } from '../../../../src/errors.js';
import { API, fakeIO, instantClock, json, testContext, TOKEN } from '../../../helpers/context.js';
import { MockAgent } from 'undici';

const raw = (opts: Record<string, unknown> = {}, env: Record<string, string> = {}) => ({ args: [], opts: { app: '5', ...opts }, env });
const LIST = {
  deployments: [
    { id: 43, status: 'failed', created_at: '2026-11-26T11:58:00Z', branch: 'main', commit_sha: '0123456789abcdef', image_tag: '1.11.0', error_code: 'unable_to_start', error_message: 'exited' },
    { id: 42, status: 'succeeded', created_at: '2026-11-25T12:00:00Z', commit_sha: 'fedcba9876543210' },
  ],
};

describe('deployments list: parse', () => {
  it('accepts --limit 1..100 and a known --status', () => {
    expect(parse(raw({ limit: '1', status: 'in_progress' }))).toMatchObject({ limit: 1, status: 'in_progress' });
    expect(parse(raw({ limit: '100' })).limit).toBe(100);
    expect(parse(raw())).toMatchObject({ limit: undefined, status: undefined });
  });
  it.each(['0', '101', 'abc', '1.5'])('rejects --limit %s', (limit) => {
    expect(() => parse(raw({ limit }))).toThrow(UsageError);
  });
  it('rejects an unknown --status, naming the allowed ones', () => {
    expect(() => parse(raw({ status: 'running' }))).toThrow(/must be one of queued, in_progress, succeeded, failed, created/);
  });
  it('takes the app from SPICE_APP', () => {
    expect(parse({ args: [], opts: {}, env: { SPICE_APP: '9' } }).app).toEqual({ text: '9', id: 9 });
  });
});

describe('deployments list: run', () => {
  it('prints a table with relative times and branch@commit on a terminal', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ path: '/v1/apps/5/deployments', method: 'GET' }).reply(200, LIST, json);
    await run(parse(raw()), t.ctx);
    const lines = t.io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+CREATED\s+BRANCH\/COMMIT\s+IMAGE TAG\s+ERROR$/);
    expect(lines[1]).toMatch(/^43\s+failed\s+2 minutes ago\s+main@0123456\s+1\.11\.0\s+unable_to_start$/);
    expect(lines[2]).toMatch(/^42\s+succeeded\s+1 day ago\s+fedcba9\s+-\s+-$/);
    t.done();
  });

  it('sends --limit and --status as query parameters and prints TSV when piped', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/5/deployments?limit=2&status=failed', method: 'GET' }).reply(200, { deployments: [LIST.deployments[0]] }, json);
    await run(parse(raw({ limit: '2', status: 'failed' })), t.ctx);
    expect(t.io.out()).toBe('43\tfailed\t2026-11-26T11:58:00Z\tmain@0123456\t1.11.0\tunable_to_start\n');
    t.done();
  });

  it('prints the API objects as a JSON array with --json', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/apps/5/deployments', method: 'GET' }).reply(200, LIST, json);
    await run(parse(raw()), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual(LIST.deployments);
    t.done();
  });

  it('prints [] with --json and a note on stderr otherwise when there are none', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/apps/5/deployments', method: 'GET' }).reply(200, { deployments: [] }, json);
    await run(parse(raw()), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual([]);
    expect(t.io.err()).toBe('');
    const u = await testContext({ tty: true });
    u.api.intercept({ path: '/v1/apps/5/deployments?status=queued', method: 'GET' }).reply(200, { deployments: [] }, json);
    await run(parse(raw({ status: 'queued' })), u.ctx);
    expect(u.io.out()).toBe('');
    expect(u.io.err()).toBe('No queued deployments for app 5.\n');
  });

  it('colours the status column on a colour terminal', async () => {
    const io = fakeIO({ tty: true, color: true });
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock.get(API).intercept({ path: '/v1/apps/5/deployments', method: 'GET' }).reply(200, LIST, json);
    const ctx = await createContext({
      io, env: { SPICE_API_TOKEN: TOKEN, SPICE_API_URL: API }, cwd: '/nonexistent', version: '0', globals: { json: false, headers: true, verbose: false, color: true, input: true },
      signal: new AbortController().signal, clock: instantClock(), dispatcher: mock, maxRetries: 0,
    });
    await run(parse(raw()), ctx);
    expect(io.out()).toContain('\u001b[31mfailed\u001b[39m');
    expect(io.out()).toContain('\u001b[32msucceeded\u001b[39m');
    await mock.close();
  });
});
