import { describe, expect, it } from 'vitest';
import { parse, run, type DeleteOptions } from '../../../../src/commands/secrets/delete.js';
import { ExitCode, InputRequiredError, InterruptedError, NotFoundError, SilentExit, UsageError } from '../../../../src/errors.js';
import { failure, json, testContext } from '../../../helpers/context.js';

const APP = { text: '7', id: 7 };
const opts = (names: string[], o: Partial<DeleteOptions> = {}): DeleteOptions => ({ app: APP, names, yes: true, ...o });

describe('secrets delete parse', () => {
  it('takes several names, dropping repeats, and -y', () => {
    expect(parse({ args: [['A', 'B', 'A']], opts: { app: '7', yes: true }, env: {} })).toEqual(opts(['A', 'B']));
    expect(parse({ args: [['A']], opts: {}, env: { SPICE_APP: '7' } }).yes).toBe(false);
  });

  it('validates every name before anything is sent', () => {
    expect(() => parse({ args: [['GOOD', 'a-b']], opts: {}, env: {} })).toThrow(/invalid secret name "a-b"/);
    expect(() => parse({ args: [['../x']], opts: {}, env: {} })).toThrow(UsageError);
    expect(() => parse({ args: [[]], opts: {}, env: {} })).toThrow(UsageError);
  });
});

describe('secrets delete run', () => {
  it('asks on a terminal and deletes when confirmed', async () => {
    const t = await testContext({ tty: true, prompts: [true] });
    t.api.intercept({ path: '/v1/apps/7/secrets/OLD', method: 'DELETE' }).reply(204, '');
    await run(opts(['OLD'], { yes: false }), t.ctx);
    expect(t.prompter.asked).toEqual(['Delete secret OLD from app 7? This cannot be undone.']);
    expect(t.io.err()).toContain('✓ Deleted secret OLD from app 7');
    t.done();
  });

  it('sends nothing when the prompt is declined', async () => {
    const t = await testContext({ tty: true, prompts: [false] });
    const e = await failure(run(opts(['OLD'], { yes: false }), t.ctx));
    expect(e.message).toBe('Nothing was changed.');
    t.done();
  });

  it('refuses without --yes when stdin is not a terminal (exit 9), sending nothing', async () => {
    const t = await testContext({ tty: false });
    const e = await failure(run(opts(['OLD'], { yes: false }), t.ctx));
    expect(e).toBeInstanceOf(InputRequiredError);
    expect(e.hint).toMatch(/--yes/);
  });

  it('deletes with --yes without asking when piped', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/7/secrets/A', method: 'DELETE' }).reply(204, '');
    t.api.intercept({ path: '/v1/apps/7/secrets/B', method: 'DELETE' }).reply(204, '');
    await run(opts(['A', 'B']), t.ctx);
    expect(t.io.err()).toBe('Deleted secret A from app 7\nDeleted secret B from app 7\n');
    t.done();
  });

  it('reports each failure by name, keeps deleting the others and exits with their shared code', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/7/secrets/A', method: 'DELETE' }).reply(404, { error: 'Secret not found' }, json);
    t.api.intercept({ path: '/v1/apps/7/secrets/B', method: 'DELETE' }).reply(204, '');
    t.api.intercept({ path: '/v1/apps/7/secrets/C', method: 'DELETE' }).reply(404, { error: 'Secret not found' }, json);
    const e = await failure(run(opts(['A', 'B', 'C']), t.ctx));
    expect(e).toBeInstanceOf(SilentExit);
    expect(e.exitCode).toBe(ExitCode.notFound);
    expect(t.io.err()).toContain('✗ A: Secret not found\n');
    expect(t.io.err()).toContain('✗ C: Secret not found\n');
    expect(t.io.err()).toContain('Deleted secret B from app 7\n');
    expect(t.io.err()).toContain('deleted 1, failed 2\n');
    t.done();
  });

  it('exits 1 when failures differ in kind', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/7/secrets/A', method: 'DELETE' }).reply(404, { error: 'Secret not found' }, json);
    t.api.intercept({ path: '/v1/apps/7/secrets/B', method: 'DELETE' }).reply(403, { error: 'Insufficient scope. Required: secrets:write' }, json);
    const e = await failure(run(opts(['A', 'B']), t.ctx));
    expect(e.exitCode).toBe(ExitCode.error);
  });

  it('prints per-name results as a JSON array', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/apps/7/secrets/A', method: 'DELETE' }).reply(204, '');
    t.api.intercept({ path: '/v1/apps/7/secrets/B', method: 'DELETE' }).reply(404, { error: 'Secret not found' }, json);
    await failure(run(opts(['A', 'B']), t.ctx));
    expect(JSON.parse(t.io.out())).toEqual([
      { name: 'A', ok: true },
      { name: 'B', ok: false, error: 'Secret not found' },
    ]);
  });

  it('throws the API error itself for a single name, with a hint to list secrets', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/7/secrets/A', method: 'DELETE' }).reply(404, { error: 'Secret not found' }, json);
    const e = await failure(run(opts(['A']), t.ctx));
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e.hint).toContain('spice-cloud secrets list --app 7');
  });

  it('stops starting deletions after Ctrl-C and names what was not deleted', async () => {
    const controller = new AbortController();
    const t = await testContext({ signal: controller.signal });
    t.api.intercept({ path: '/v1/apps/7/secrets/A', method: 'DELETE' }).reply(204, '');
    for (const n of ['B', 'C', 'D', 'E']) t.api.intercept({ path: `/v1/apps/7/secrets/${n}`, method: 'DELETE' }).reply(204, '').delay(200);
    setTimeout(() => controller.abort(), 50);
    const e = await failure(run(opts(['A', 'B', 'C', 'D', 'E', 'F']), t.ctx));
    expect(e).toBeInstanceOf(InterruptedError);
    expect(e.message).toBe('interrupted: deleted 1 of 6 secrets; not deleted: B, C, D, E, F');
    expect(t.io.err()).toContain('Deleted secret A from app 7');
    expect(t.io.err()).not.toContain('✗');
  });
});
