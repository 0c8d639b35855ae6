import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/keys/regenerate.js';
import { ApiError, InputRequiredError, UsageError } from '../../../../src/errors.js';
import { json, testContext } from '../../../helpers/context.js';

const KEY1 = 'spk_primary_0123456789abcd';
const KEY2 = 'spk_second_9876543210wxyz';
const raw = (opts: Record<string, unknown> = {}, env: Record<string, string> = {}) => ({ args: [], opts, env });

describe('keys regenerate: parse', () => {
  it('regenerates the primary key by default, like the API', () => {
    expect(parse(raw({ app: '42' }))).toEqual({ app: { text: '42', id: 42 }, which: 'primary', reveal: false, yes: false });
  });

  it('accepts exactly one of --primary, --secondary and --both', () => {
    expect(parse(raw({ app: '42', primary: true })).which).toBe('primary');
    expect(parse(raw({ app: '42', secondary: true })).which).toBe('secondary');
    expect(parse(raw({ app: '42', both: true, yes: true, reveal: true }))).toMatchObject({ which: 'both', yes: true, reveal: true });
  });

  it('refuses combined key flags', () => {
    expect(() => parse(raw({ app: '42', primary: true, secondary: true }))).toThrow(/--primary and --secondary cannot be combined/);
    expect(() => parse(raw({ app: '42', secondary: true, both: true }))).toThrow(UsageError);
  });

  it('refuses an invalid app', () => {
    expect(() => parse(raw({ app: 'a b' }))).toThrow(UsageError);
  });
});

describe('keys regenerate: run', () => {
  it('asks on a terminal, says the old key stops working, sends key_number 1, and prints masked keys', async () => {
    const t = await testContext({ tty: true, prompts: [true] });
    t.api
      .intercept({ path: '/v1/apps/42/api-keys', method: 'POST', body: JSON.stringify({ key_number: 1 }) })
      .reply(200, { api_key: KEY1, api_key_2: KEY2, regenerated_key: 1 }, json);
    await run(parse(raw({ app: '42' })), t.ctx);
    expect(t.prompter.asked).toEqual(['Regenerate the primary API key of app "42" (the current one stops working immediately)?']);
    expect(t.io.out()).toMatch(/^primary\s+••••abcd$/m);
    expect(t.io.err()).toContain('Regenerated the primary API key of app "42"; the old key no longer works');
    expect(t.io.out() + t.io.err()).not.toContain(KEY1);
    t.done();
  });

  it('sends nothing when the prompt is declined', async () => {
    const t = await testContext({ tty: true, prompts: [false] });
    await expect(run(parse(raw({ app: '42', secondary: true })), t.ctx)).rejects.toThrow(/Nothing was changed\./);
    t.done();
  });

  it('needs --yes without a terminal and sends nothing, not even the app lookup', async () => {
    const t = await testContext({ tty: false });
    const err = await run(parse(raw({ app: 'sales-data' })), t.ctx).catch((e) => e);
    expect(err).toBeInstanceOf(InputRequiredError);
    expect(err.message).toContain('stdin is not a terminal');
    expect(err.hint).toContain('--yes');
    t.done();
  });

  it('needs --yes with --no-input even on a terminal', async () => {
    const t = await testContext({ tty: true, globals: { input: false } });
    await expect(run(parse(raw({ app: '42' })), t.ctx)).rejects.toBeInstanceOf(InputRequiredError);
  });

  it('with --yes sends key_number 2 for --secondary and prints masked TSV', async () => {
    const t = await testContext({ tty: false });
    t.api
      .intercept({ path: '/v1/apps/42/api-keys', method: 'POST', body: JSON.stringify({ key_number: 2 }) })
      .reply(200, { api_key: KEY1, api_key_2: KEY2, regenerated_key: 2 }, json);
    await run(parse(raw({ app: '42', secondary: true, yes: true })), t.ctx);
    expect(t.io.out()).toBe('primary\t••••abcd\nsecondary\t••••wxyz\n');
    t.done();
  });

  it('sends key_number 0 for --both and prints masked JSON with regenerated_key', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api
      .intercept({ path: '/v1/apps/42/api-keys', method: 'POST', body: JSON.stringify({ key_number: 0 }) })
      .reply(200, { api_key: KEY1, api_key_2: KEY2, regenerated_key: 0 }, json);
    await run(parse(raw({ app: '42', both: true, yes: true })), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual({ api_key: '••••abcd', api_key_2: '••••wxyz', regenerated_key: 0 });
    t.done();
  });

  it('reveals the new keys with --reveal and warns on stderr', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/apps/42/api-keys', method: 'POST' }).reply(200, { api_key: KEY1, api_key_2: KEY2, regenerated_key: 1 }, json);
    await run(parse(raw({ app: '42', yes: true, reveal: true })), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual({ api_key: KEY1, api_key_2: KEY2, regenerated_key: 1 });
    expect(t.io.err()).toMatch(/secret manager/);
  });

  it('never retries the POST, even on a 503, because each call invalidates a key', async () => {
    const t = await testContext({ maxRetries: 4 });
    t.api.intercept({ path: '/v1/apps/42/api-keys', method: 'POST' }).reply(503, { error: 'unavailable' }, json);
    await expect(run(parse(raw({ app: '42', yes: true })), t.ctx)).rejects.toBeInstanceOf(ApiError);
    t.done();
  });

  it('resolves an app name before confirming, naming it in the prompt', async () => {
    const t = await testContext({ tty: true, prompts: [true] });
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, { apps: [{ id: 7, name: 'sales-data' }] }, json);
    t.api.intercept({ path: '/v1/apps/7/api-keys', method: 'POST' }).reply(200, { api_key: KEY1, api_key_2: KEY2, regenerated_key: 1 }, json);
    await run(parse(raw({ app: 'SALES-DATA' })), t.ctx);
    expect(t.prompter.asked[0]).toContain('app "sales-data"');
    t.done();
  });
});
