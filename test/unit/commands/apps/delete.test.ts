import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/apps/delete.js';
import { CliError, InputRequiredError, NotFoundError, UsageError } from '../../../../src/errors.js';
import { json, testContext } from '../../../helpers/context.js';

const raw = (app: string, opts: Record<string, unknown> = {}) => ({ args: [app], opts, env: {} });
const LIST = { apps: [{ id: 7, name: 'sales-data' }] };

describe('apps delete: parse', () => {
  it('reads the app and --yes', () => {
    expect(parse(raw('7', { yes: true }))).toEqual({ app: { text: '7', id: 7 }, yes: true });
    expect(parse(raw('sales-data')).yes).toBe(false);
  });
  it('rejects an invalid app reference', () => {
    expect(() => parse(raw('no such app'))).toThrow(UsageError);
  });
});

describe('apps delete: run', () => {
  it('refuses without --yes when stdin is not a terminal, before any request', async () => {
    const t = await testContext({ tty: false });
    const err = await run(parse(raw('sales-data')), t.ctx).catch((e) => e);
    expect(err).toBeInstanceOf(InputRequiredError);
    expect(err.hint).toContain('--yes');
    expect(err.message).toContain('stdin is not a terminal');
    t.done();
  });

  it('asks on a terminal and deletes when confirmed', async () => {
    const t = await testContext({ tty: true, prompts: [true] });
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, LIST, json);
    t.api.intercept({ path: '/v1/apps/7', method: 'DELETE' }).reply(204, '');
    await run(parse(raw('SALES-DATA')), t.ctx);
    expect(t.prompter.asked).toEqual(['Delete app sales-data (id 7) and stop its deployments?']);
    expect(t.io.err()).toContain('Deleted app sales-data');
    expect(t.io.out()).toBe('');
    t.done();
  });

  it('sends nothing when the prompt is declined', async () => {
    const t = await testContext({ tty: true, prompts: [false] });
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, LIST, json);
    const err = await run(parse(raw('sales-data')), t.ctx).catch((e) => e);
    expect(err).toBeInstanceOf(CliError);
    expect(err.code).toBe('declined');
    expect(err.exitCode).toBe(10);
    t.done();
  });

  it('with --yes and an ID, looks the name up and prints the JSON result', async () => {
    const t = await testContext({ tty: false, globals: { json: true } });
    t.api.intercept({ path: '/v1/apps/7', method: 'GET' }).reply(200, { id: 7, name: 'sales-data', config: {} }, json);
    t.api.intercept({ path: '/v1/apps/7', method: 'DELETE' }).reply(200, {}, json);
    await run(parse(raw('7', { yes: true })), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual({ deleted: true, id: 7, name: 'sales-data' });
    expect(t.io.err()).toContain('Deleted app sales-data');
    expect(t.prompter.asked).toEqual([]);
    t.done();
  });

  it('fails with not-found for an unknown ID without deleting', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/apps/99', method: 'GET' }).reply(404, { error: 'App with ID 99 not found' }, json);
    await expect(run(parse(raw('99', { yes: true })), t.ctx)).rejects.toBeInstanceOf(NotFoundError);
    t.done();
  });
});
