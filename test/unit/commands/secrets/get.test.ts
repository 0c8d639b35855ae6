import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/secrets/get.js';
import { ExitCode, NotFoundError, UsageError } from '../../../../src/errors.js';
import { json, testContext } from '../../../helpers/context.js';

const SECRET = { id: 1, name: 'DB_PASSWORD', value: 'clear-text-from-api', created_at: '2026-11-20T12:00:00Z', updated_at: '2026-11-26T11:00:00Z' };
const APP = { text: '7', id: 7 };

describe('secrets get parse', () => {
  it('accepts a valid name', () => {
    expect(parse({ args: ['_DB_1'], opts: { app: '7' }, env: {} })).toEqual({ app: APP, name: '_DB_1' });
  });

  it.each([['../x'], ['a-b'], ['1A'], [''], ['A'.repeat(10_000)], [undefined]])('rejects the name %j with a usage error', (name) => {
    expect(() => parse({ args: [name], opts: {}, env: {} })).toThrow(UsageError);
  });

  it('keeps a 10 KB name out of the error message', () => {
    try {
      parse({ args: ['A-'.repeat(5000)], opts: {}, env: {} });
    } catch (e) {
      expect((e as Error).message.length).toBeLessThan(200);
      return;
    }
    throw new Error('expected a UsageError');
  });
});

describe('secrets get run', () => {
  it('prints aligned fields with the value masked on a terminal', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ path: '/v1/apps/7/secrets/DB_PASSWORD', method: 'GET' }).reply(200, SECRET, json);
    await run({ app: APP, name: 'DB_PASSWORD' }, t.ctx);
    expect(t.io.out()).toBe('Name     DB_PASSWORD\nValue    ********\nUpdated  1 hour ago\nCreated  6 days ago\n');
    t.done();
  });

  it('prints tab-separated fields when piped', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/7/secrets/DB_PASSWORD', method: 'GET' }).reply(200, SECRET, json);
    await run({ app: APP, name: 'DB_PASSWORD' }, t.ctx);
    expect(t.io.out()).toBe('Name\tDB_PASSWORD\nValue\t********\nUpdated\t2026-11-26T11:00:00Z\nCreated\t2026-11-20T12:00:00Z\n');
    t.done();
  });

  it('prints a JSON object with the value masked', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/apps/7/secrets/DB_PASSWORD', method: 'GET' }).reply(200, SECRET, json);
    await run({ app: APP, name: 'DB_PASSWORD' }, t.ctx);
    expect(JSON.parse(t.io.out())).toEqual({ ...SECRET, value: '********' });
    t.done();
  });

  it('exits 3 with a hint to list the secrets when the secret does not exist', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/7/secrets/NOPE', method: 'GET' }).reply(404, { error: 'Secret not found' }, json);
    const err = await run({ app: APP, name: 'NOPE' }, t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).exitCode).toBe(ExitCode.notFound);
    expect((err as NotFoundError).hint).toContain('spice-cloud secrets list --app 7');
    t.done();
  });
});
