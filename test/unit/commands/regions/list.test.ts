import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/regions/list.js';
import { AuthError, UsageError } from '../../../../src/errors.js';
import { json, testContext } from '../../../helpers/context.js';

const REGIONS = {
  regions: [
    { name: 'US East (Virginia)', region: 'us-east-1', cname: 'us-east-1-prod-aws-data', provider: 'aws', providerName: 'AWS' },
    { name: 'US West (Oregon)', region: 'us-west-2', cname: 'us-west-2-prod-aws-data', provider: 'aws', providerName: 'AWS', disabled: true },
  ],
  default: 'us-east-1',
};

describe('regions list: parse', () => {
  it('accepts --env prod and dev', () => {
    expect(parse({ args: [], opts: { env: 'dev' }, env: {} })).toEqual({ env: 'dev' });
    expect(parse({ args: [], opts: {}, env: {} })).toEqual({ env: undefined });
  });
  it('rejects another --env', () => {
    expect(() => parse({ args: [], opts: { env: 'staging' }, env: {} })).toThrow(UsageError);
  });
});

describe('regions list: run', () => {
  it('prints a table with a DEFAULT column taken from the envelope on a terminal', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ path: '/v1/regions', method: 'GET' }).reply(200, REGIONS, json);
    await run({}, t.ctx);
    const lines = t.io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^REGION\s+NAME\s+PROVIDER\s+CNAME\s+DEFAULT\s+STATUS$/);
    expect(lines[1]).toMatch(/^us-east-1\s+US East \(Virginia\)\s+AWS\s+us-east-1-prod-aws-data\s+yes\s+enabled$/);
    expect(lines[2]).toMatch(/^us-west-2\s+.*\s+no\s+disabled$/);
    t.done();
  });

  it('prints TSV lines when piped and passes --env as a query', async () => {
    const t = await testContext({ tty: false });
    t.api.intercept({ path: '/v1/regions', method: 'GET', query: { env: 'dev' } }).reply(200, { regions: [{ region: 'dev-1', isDefault: true }] }, json);
    await run({ env: 'dev' }, t.ctx);
    expect(t.io.out()).toBe('dev-1\t\t\t\tyes\tenabled\n');
    t.done();
  });

  it('prints the API objects with isDefault on each in --json', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/regions', method: 'GET' }).reply(200, REGIONS, json);
    await run({}, t.ctx);
    const out = JSON.parse(t.io.out());
    expect(out).toEqual([
      { ...REGIONS.regions[0], isDefault: true },
      { ...REGIONS.regions[1], isDefault: false },
    ]);
    t.done();
  });

  it('keeps the API isDefault flag when the envelope has no default', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/regions', method: 'GET' }).reply(200, { regions: [{ region: 'a' }, { region: 'b', isDefault: true }] }, json);
    await run({}, t.ctx);
    expect(JSON.parse(t.io.out()).map((r: { isDefault: boolean }) => r.isDefault)).toEqual([false, true]);
    t.done();
  });

  it('surfaces a 401 as an auth error', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/regions', method: 'GET' }).reply(401, { error: 'Token expired' }, json);
    await expect(run({}, t.ctx)).rejects.toBeInstanceOf(AuthError);
    t.done();
  });
});
