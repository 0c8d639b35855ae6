import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/health/check.js';
import { ApiError, NetworkError } from '../../../../src/errors.js';
import { API, json, testContext } from '../../../helpers/context.js';

const OK = { status: 'ok', timestamp: '2026-11-26T12:00:00.000Z' };

describe('health', () => {
  it('parses with no arguments', () => {
    expect(parse({ args: [], opts: {}, env: {} })).toEqual({});
  });

  it('works without any token and sends no Authorization header', async () => {
    const t = await testContext({ tty: true, env: { SPICE_API_TOKEN: undefined } });
    t.api
      .intercept({ path: '/v1/health', method: 'GET', headers: (h) => !Object.keys(h).some((k) => k.toLowerCase() === 'authorization') })
      .reply(200, OK, json);
    await run({}, t.ctx);
    expect(t.io.out()).toMatch(/^status\s+ok$/m);
    expect(t.io.out()).toMatch(new RegExp(`^api_url\\s+${API.replace(/\./g, '\\.')}$`, 'm'));
    t.done();
  });

  it('sends no token even when one is configured', async () => {
    const t = await testContext({ tty: false });
    t.api
      .intercept({ path: '/v1/health', method: 'GET', headers: (h) => !Object.keys(h).some((k) => k.toLowerCase() === 'authorization') })
      .reply(200, OK, json);
    await run({}, t.ctx);
    expect(t.io.out()).toBe(`status\tok\ntimestamp\t${OK.timestamp}\napi_url\t${API}\n`);
    t.done();
  });

  it('prints the API object in --json', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/health', method: 'GET' }).reply(200, OK, json);
    await run({}, t.ctx);
    expect(JSON.parse(t.io.out())).toEqual({ ...OK, api_url: API });
    t.done();
  });

  it('prints the answer, then fails with exit 1 when the status is not ok', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/health', method: 'GET' }).reply(200, { status: 'degraded', timestamp: OK.timestamp }, json);
    const err = await run({}, t.ctx).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.exitCode).toBe(1);
    expect(err.message).toContain('"degraded"');
    expect(JSON.parse(t.io.out()).status).toBe('degraded');
    t.done();
  });

  it('fails with exit 1 when the API cannot be reached', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/health', method: 'GET' }).replyWithError(new Error('connect failed'));
    const err = await run({}, t.ctx).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.exitCode).toBe(1);
    t.done();
  });
});
