import { describe, expect, it } from 'vitest';
import { COMPLETE_BUDGET_MS, parse, run } from '../../../../src/commands/completion/complete.js';
import { instantClock, json, testContext } from '../../../helpers/context.js';

describe('__complete parse', () => {
  it('knows apps and regions, and ignores anything else instead of failing', () => {
    expect(parse({ args: ['apps'], opts: {}, env: {} })).toEqual({ source: 'apps' });
    expect(parse({ args: ['regions'], opts: {}, env: {} })).toEqual({ source: 'regions' });
    expect(parse({ args: ['secrets'], opts: {}, env: {} })).toEqual({ source: undefined });
    expect(parse({ args: [undefined], opts: {}, env: {} })).toEqual({ source: undefined });
  });
});

describe('__complete run', () => {
  it('prints app names one per line', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, { apps: [{ id: 1, name: 'sales-data' }, { id: 2, name: 'web-logs' }] }, json);
    await run({ source: 'apps' }, t.ctx);
    expect(t.io.out()).toBe('sales-data\nweb-logs\n');
    t.done();
  });

  it('prints region IDs, leaving out disabled regions', async () => {
    const t = await testContext();
    t.api
      .intercept({ path: '/v1/regions', method: 'GET' })
      .reply(200, { regions: [{ region: 'us-east-1' }, { region: 'us-west-2', disabled: false }, { region: 'eu-west-1', disabled: true }] }, json);
    await run({ source: 'regions' }, t.ctx);
    expect(t.io.out()).toBe('us-east-1\nus-west-2\n');
    t.done();
  });

  it('prints plain lines even with --json', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, [{ id: 1, name: 'sales-data' }], json);
    await run({ source: 'apps' }, t.ctx);
    expect(t.io.out()).toBe('sales-data\n');
  });

  it('drops names that are not plain words, since the scripts paste them into shell code', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, { apps: [{ id: 1, name: '$(rm -rf ~)' }, { id: 2, name: 'ok-app' }, { id: 3, name: 'ok-app' }] }, json);
    await run({ source: 'apps' }, t.ctx);
    expect(t.io.out()).toBe('ok-app\n');
  });

  it('is silent when the token is refused', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(401, { error: 'Invalid token' }, json);
    await run({ source: 'apps' }, t.ctx);
    expect(t.io.out()).toBe('');
    expect(t.io.err()).toBe('');
    t.done();
  });

  it('is silent without credentials, sending nothing', async () => {
    const t = await testContext({ env: { SPICE_API_TOKEN: undefined } });
    await run({ source: 'apps' }, t.ctx);
    expect(t.io.out() + t.io.err()).toBe('');
  });

  it('is silent on a network error', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/regions', method: 'GET' }).replyWithError(new Error('ECONNREFUSED'));
    await run({ source: 'regions' }, t.ctx);
    expect(t.io.out() + t.io.err()).toBe('');
  });

  it('stops retrying within its own 2-second budget, whatever --timeout says', async () => {
    const clock = instantClock();
    const started = clock.now();
    const t = await testContext({ clock, maxRetries: 20, globals: { timeoutMs: 600_000 } });
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(503, { error: 'busy' }, json).persist();
    await run({ source: 'apps' }, t.ctx);
    expect(t.io.out()).toBe('');
    expect(clock.slept.length).toBeGreaterThan(0);
    expect(clock.now() - started).toBeLessThan(COMPLETE_BUDGET_MS);
  });

  it('does nothing for an unknown source', async () => {
    const t = await testContext();
    await run({ source: undefined }, t.ctx);
    expect(t.io.out()).toBe('');
  });
});
