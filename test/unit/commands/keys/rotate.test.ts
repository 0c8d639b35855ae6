import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/keys/rotate.js';
import { ApiError, ExitCode, InputRequiredError, InterruptedError } from '../../../../src/errors.js';
import { json, testContext, type TestContext } from '../../../helpers/context.js';

const OLD1 = 'spk_oldprimary_000000001111';
const NEW2 = 'spk_newsecond_00000000wxyz';
const NEW1 = 'spk_newprimary_00000000abcd';
const raw = (opts: Record<string, unknown> = {}) => ({ args: [], opts, env: {} });

function interceptSecondary(t: TestContext) {
  t.api
    .intercept({ path: '/v1/apps/42/api-keys', method: 'POST', body: JSON.stringify({ key_number: 2 }) })
    .reply(200, { api_key: OLD1, api_key_2: NEW2, regenerated_key: 2 }, json);
}
function interceptPrimary(t: TestContext) {
  t.api
    .intercept({ path: '/v1/apps/42/api-keys', method: 'POST', body: JSON.stringify({ key_number: 1 }) })
    .reply(200, { api_key: NEW1, api_key_2: NEW2, regenerated_key: 1 }, json);
}

describe('keys rotate: parse', () => {
  it('reads --app, --yes and --reveal', () => {
    expect(parse(raw({ app: '42', yes: true, reveal: true }))).toEqual({ app: { text: '42', id: 42 }, yes: true, reveal: true, wait: true, active: 'primary' });
    expect(parse(raw({ app: '42' }))).toEqual({ app: { text: '42', id: 42 }, yes: false, reveal: false, wait: true, active: 'primary' });
    expect(parse(raw({ app: '42', wait: false, active: 'secondary' }))).toMatchObject({ wait: false, active: 'secondary' });
  });

  it('refuses an invalid app', () => {
    expect(() => parse(raw({ app: 'x/y' }))).toThrow(/invalid app name/);
  });
});

describe('keys rotate: run', () => {
  it('on a terminal: confirms, regenerates the secondary, waits for clients, then regenerates the primary', async () => {
    const t = await testContext({ tty: true, prompts: [true, true] });
    interceptSecondary(t);
    interceptPrimary(t);
    await run(parse(raw({ app: '42' })), t.ctx);
    expect(t.prompter.asked).toHaveLength(2);
    expect(t.prompter.asked[0]).toMatch(/^Rotate both API keys of app "42"\?/);
    expect(t.prompter.asked[1]).toMatch(/^Have all clients switched to the secondary key \(••••wxyz\)\?/);
    const err = t.io.err();
    expect(err).toMatch(/Step 1\/3.*\n.*Step 1\/3: secondary key regenerated \(now ••••wxyz\)/);
    expect(err).toContain('keys get --secondary --reveal -a 42');
    expect(err).toMatch(/Step 3\/3: regenerating the primary/);
    expect(err).toMatch(/Rotated both API keys of app "42"/);
    expect(t.io.out()).toMatch(/^primary\s+••••abcd$/m);
    expect(t.io.out()).toMatch(/^secondary\s+••••wxyz$/m);
    expect(t.io.out() + err).not.toMatch(/spk_/);
    t.done();
  });

  it('asks for the switch only after the secondary key was regenerated', async () => {
    const t = await testContext({ tty: true, prompts: [true, true] });
    interceptSecondary(t);
    interceptPrimary(t);
    const order: string[] = [];
    const confirm = t.ctx.prompter.confirm;
    t.ctx.prompter.confirm = async (m, d) => {
      order.push(`prompt, pending=${t.mock.pendingInterceptors().length}`);
      return confirm(m, d);
    };
    await run(parse(raw({ app: '42' })), t.ctx);
    expect(order).toEqual(['prompt, pending=2', 'prompt, pending=1']);
    t.done();
  });

  it('with --yes runs all three steps unattended and prints masked JSON', async () => {
    const t = await testContext({ tty: false, globals: { json: true } });
    interceptSecondary(t);
    interceptPrimary(t);
    await run(parse(raw({ app: '42', yes: true })), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual({ api_key: '••••abcd', api_key_2: '••••wxyz' });
    expect(t.io.err()).toContain('Step 2/3: not waiting for clients to switch to the new secondary key (no terminal)');
    // No success claimed: clients that never switched have lost access.
    expect(t.io.err()).toContain('warning: rotated both API keys of app "42" without waiting: clients still on the old primary key have stopped working');
    expect(t.io.err()).not.toContain('Clients now use');
    expect(t.io.err()).not.toMatch(/spk_/);
    t.done();
  });

  it('with --reveal prints the final keys in clear, shows the new secondary at step 2, and warns', async () => {
    const t = await testContext({ tty: true, prompts: [true, true] });
    interceptSecondary(t);
    interceptPrimary(t);
    await run(parse(raw({ app: '42', reveal: true })), t.ctx);
    expect(t.io.out()).toMatch(new RegExp(`^primary\\s+${NEW1}$`, 'm'));
    expect(t.io.err()).toContain(`new secondary key: ${NEW2}`);
    expect(t.io.err()).toMatch(/secret manager/);
    t.done();
  });

  it('without a terminal and without --yes exits 9 before sending anything', async () => {
    const t = await testContext({ tty: false });
    const err = await run(parse(raw({ app: 'sales-data' })), t.ctx).catch((e) => e);
    expect(err).toBeInstanceOf(InputRequiredError);
    expect(err.exitCode).toBe(ExitCode.inputRequired);
    expect(err.hint).toContain('--yes');
    t.done();
  });

  it('sends nothing when the first confirmation is declined', async () => {
    const t = await testContext({ tty: true, prompts: [false] });
    await expect(run(parse(raw({ app: '42' })), t.ctx)).rejects.toThrow(/Nothing was changed\./);
    t.done();
  });

  it('declining the switch prompt exits 1, saying the secondary was rotated and the primary was not', async () => {
    const t = await testContext({ tty: true, prompts: [true, false] });
    interceptSecondary(t);
    const err = await run(parse(raw({ app: '42' })), t.ctx).catch((e) => e);
    expect(err.exitCode).toBe(ExitCode.error);
    expect(err.message).toBe('stopped: the secondary API key of app "42" was regenerated; the primary key was not');
    expect(err.hint).toContain('spice-cloud keys regenerate --primary -a 42');
    expect(t.io.out()).toBe('');
    t.done();
  });

  it('Ctrl-C at the switch prompt exits 130, saying the secondary was rotated and the primary was not', async () => {
    const t = await testContext({ tty: true, prompts: [true] });
    interceptSecondary(t);
    const confirm = t.ctx.prompter.confirm;
    let calls = 0;
    t.ctx.prompter.confirm = async (m, d) => {
      if (++calls === 2) throw new InterruptedError('cancelled at the prompt');
      return confirm(m, d);
    };
    const err = await run(parse(raw({ app: '42' })), t.ctx).catch((e) => e);
    expect(err).toBeInstanceOf(InterruptedError);
    expect(err.exitCode).toBe(ExitCode.interrupted);
    expect(err.message).toContain('the secondary API key of app "42" was regenerated; the primary key was not');
    expect(err.hint).toContain('keys regenerate --primary -a 42');
    t.done();
  });

  it('when step 3 fails, says the secondary was already rotated and how to finish', async () => {
    const t = await testContext({ tty: false, maxRetries: 4 });
    interceptSecondary(t);
    t.api.intercept({ path: '/v1/apps/42/api-keys', method: 'POST' }).reply(500, { error: 'boom' }, json);
    const err = await run(parse(raw({ app: '42', yes: true })), t.ctx).catch((e) => e);
    expect(err.exitCode).toBe(ExitCode.error);
    expect(err.status).toBe(500);
    expect(err.message).toMatch(/failed: boom; the secondary key was already rotated, the primary key was not$/);
    expect(err.hint).toBe('Finish with `spice-cloud keys regenerate --primary -a 42`.');
    expect(t.io.out()).toBe('');
    t.done();
  });

  it('when step 3 gets no answer, says the primary may not have been rotated and how to check', async () => {
    const t = await testContext({ tty: false });
    interceptSecondary(t);
    t.api.intercept({ path: '/v1/apps/42/api-keys', method: 'POST' }).replyWithError(new Error('socket hang up'));
    const err = await run(parse(raw({ app: '42', yes: true })), t.ctx).catch((e) => e);
    expect(err.message).toMatch(/the primary key may not have been$/);
    expect(err.hint).toContain('whether the primary key still ends in ••••1111');
    expect(err.hint).not.toContain(OLD1);
  });

  it('when step 1 is refused, stops there with the API error and never touches the primary', async () => {
    const t = await testContext({ tty: false });
    t.api.intercept({ path: '/v1/apps/42/api-keys', method: 'POST' }).reply(403, { error: 'Insufficient scope. Required: apps:write' }, json);
    const err = await run(parse(raw({ app: '42', yes: true })), t.ctx).catch((e) => e);
    expect(err.exitCode).toBe(ExitCode.auth);
    expect(t.io.err()).not.toContain('Step 3/3');
    t.done();
  });

  it('never retries the regenerate calls, even on a 503', async () => {
    const t = await testContext({ tty: false, maxRetries: 4 });
    t.api.intercept({ path: '/v1/apps/42/api-keys', method: 'POST' }).reply(503, { error: 'unavailable' }, json);
    await expect(run(parse(raw({ app: '42', yes: true })), t.ctx)).rejects.toBeInstanceOf(ApiError);
    t.done();
  });
});
