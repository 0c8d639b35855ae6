import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, run, type SetOptions } from '../../../../src/commands/secrets/set.js';
import { ExitCode, InputRequiredError, UsageError } from '../../../../src/errors.js';
import { failure, instantClock, json, type TestContext, testContext } from '../../../helpers/context.js';
import { upsert } from './fixtures.js';

const APP = { text: '7', id: 7 };
const opts = (o: Partial<SetOptions> = {}): SetOptions => ({ app: APP, name: 'DB_PASSWORD', fromFile: undefined, ...o });
const REPLY = { id: 3, name: 'DB_PASSWORD', value: '********', created_at: '2026-11-20T12:00:00Z', updated_at: '2026-11-26T12:00:00Z' };

const expectUpsert = (t: TestContext, status = 200) => upsert(t, 'DB_PASSWORD', status, REPLY);

describe('secrets set parse', () => {
  it('takes the name and --from-file', () => {
    expect(parse({ args: ['DB_PASSWORD', []], opts: { app: '7', fromFile: 'pw.txt' }, env: {} })).toEqual(opts({ fromFile: 'pw.txt' }));
  });

  it('refuses a value given as a second argument, explaining how to pipe it, without echoing it', () => {
    const e = (() => {
      try {
        parse({ args: ['DB_PASSWORD', ['hunter2-in-argv']], opts: {}, env: {} });
      } catch (err) {
        return err as UsageError;
      }
      throw new Error('expected a UsageError');
    })();
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toMatch(/not accepted as arguments/);
    expect(e.hint).toMatch(/Pipe the value on stdin/);
    expect(`${e.message} ${e.hint}`).not.toContain('hunter2-in-argv');
  });

  it('refuses a --value option the same way', () => {
    expect(() => parse({ args: ['DB_PASSWORD', []], opts: { value: 'hunter2' }, env: {} })).toThrow(/not accepted as arguments/);
  });

  it.each([['../x'], ['a-b'], ['1A'], [''], ['A'.repeat(10_000)]])('rejects the secret name %j', (name) => {
    expect(() => parse({ args: [name, []], opts: {}, env: {} })).toThrow(UsageError);
  });
});

describe('secrets set run: piped stdin', () => {
  it('sends the piped value with exactly one trailing newline removed', async () => {
    const t = await testContext({ stdin: 'hunter2-value\n\n' });
    const sent = expectUpsert(t);
    await run(opts(), t.ctx);
    expect(sent.value).toBe('hunter2-value\n');
    expect(t.io.err()).toBe('Set secret DB_PASSWORD on app 7\n');
    expect(t.io.out()).toBe('');
    t.done();
  });

  it('removes one trailing CRLF and keeps every other byte, blanks included', async () => {
    const t = await testContext({ stdin: '  spaced\tvalue \r\n' });
    const sent = expectUpsert(t);
    await run(opts(), t.ctx);
    expect(sent.value).toBe('  spaced\tvalue ');
    t.done();
  });

  it('reads stdin when stdin is not a terminal even if stdout is', async () => {
    const t = await testContext({ tty: true, stdinTTY: false, stdin: 'from-a-pipe' });
    const sent = expectUpsert(t);
    await run(opts(), t.ctx);
    expect(sent.value).toBe('from-a-pipe');
    expect(t.prompter.asked).toEqual([]);
    expect(t.io.err()).toContain('✓ Set secret DB_PASSWORD on app 7');
    t.done();
  });

  it.each([
    ['nothing', ''],
    ['a lone newline', '\n'],
  ])('refuses an empty value (%s on stdin) with exit 2 and sends nothing', async (_, stdin) => {
    const t = await testContext({ stdin });
    const e = await failure(run(opts(), t.ctx));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toBe('refusing to set DB_PASSWORD to an empty value (stdin was empty)');
  });

  it('refuses a value that is not UTF-8 with exit 2', async () => {
    const t = await testContext({ stdin: Buffer.from([0x70, 0x77, 0xc3, 0x28]) });
    const e = await failure(run(opts(), t.ctx));
    expect(e.exitCode).toBe(ExitCode.usage);
    expect(e.message).toMatch(/not valid UTF-8/);
  });

  it('accepts 64 KiB plus a newline and refuses one byte more', async () => {
    const ok = await testContext({ stdin: `${'x'.repeat(64 * 1024)}\n` });
    const sent = expectUpsert(ok);
    await run(opts(), ok.ctx);
    expect(sent.value).toHaveLength(64 * 1024);

    const big = await testContext({ stdin: 'x'.repeat(64 * 1024 + 1) });
    const e = await failure(run(opts(), big.ctx));
    expect(e.exitCode).toBe(ExitCode.usage);
    expect(e.message).toMatch(/larger than 64 KiB/);
  });

  it('stops reading a huge stdin early instead of buffering it all', async () => {
    const t = await testContext({ stdin: 'x'.repeat(5 * 1024 * 1024) });
    const e = await failure(run(opts(), t.ctx));
    expect(e.message).toBe('the value of DB_PASSWORD is larger than 64 KiB (stdin)');
  });
});

describe('secrets set run: --from-file', () => {
  it('sends the file byte for byte, trailing newline included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'secrets-set-'));
    await writeFile(join(dir, 'cert.pem'), '-----BEGIN-----\nabc\n-----END-----\n');
    const t = await testContext({ cwd: dir, stdin: 'ignored' });
    const sent = expectUpsert(t);
    await run(opts({ fromFile: 'cert.pem' }), t.ctx);
    expect(sent.value).toBe('-----BEGIN-----\nabc\n-----END-----\n');
    t.done();
  });

  it('exits 2 when the file is missing, empty or larger than 64 KiB', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'secrets-set-'));
    await writeFile(join(dir, 'empty'), '');
    await writeFile(join(dir, 'big'), 'x'.repeat(64 * 1024 + 1));
    const t = await testContext({ cwd: dir });
    expect((await failure(run(opts({ fromFile: 'missing' }), t.ctx))).message).toBe('cannot read missing: no such file');
    expect((await failure(run(opts({ fromFile: 'empty' }), t.ctx))).message).toBe('refusing to set DB_PASSWORD to an empty value (empty was empty)');
    expect((await failure(run(opts({ fromFile: 'big' }), t.ctx))).message).toBe('big is larger than 64 KiB');
  });
});

describe('secrets set run: terminal', () => {
  it('asks for the value with a hidden prompt', async () => {
    const t = await testContext({ tty: true, prompts: ['typed-secret'] });
    const sent = expectUpsert(t);
    await run(opts(), t.ctx);
    expect(t.prompter.asked).toEqual(['Value for DB_PASSWORD']);
    expect(sent.value).toBe('typed-secret');
    expect(t.io.err()).toContain('✓ Set secret DB_PASSWORD on app 7');
    expect(t.io.err()).toContain('next deployment');
    t.done();
  });

  it('refuses an empty answer with exit 2', async () => {
    const t = await testContext({ tty: true, prompts: [''] });
    expect((await failure(run(opts(), t.ctx))).exitCode).toBe(ExitCode.usage);
  });

  it('exits 9 naming --from-file and stdin under --no-input on a terminal', async () => {
    const t = await testContext({ tty: true, globals: { input: false } });
    const e = await failure(run(opts(), t.ctx));
    expect(e).toBeInstanceOf(InputRequiredError);
    expect(e.message).toMatch(/--no-input/);
    expect(e.hint).toMatch(/--from-file/);
    expect(e.hint).toMatch(/stdin/);
    expect(t.prompter.asked).toEqual([]);
  });

  it('exits 9 when stdin is a terminal but stdout is piped', async () => {
    const t = await testContext({ tty: false, stdinTTY: true });
    const e = await failure(run(opts(), t.ctx));
    expect(e).toBeInstanceOf(InputRequiredError);
    expect(e.message).toMatch(/stdout is not a terminal/);
  });
});

describe('secrets set run: output and API behaviour', () => {
  it('prints the API secret object with the value masked under --json', async () => {
    const t = await testContext({ stdin: 'v4lue', globals: { json: true } });
    t.api.intercept({ path: '/v1/apps/7/secrets', method: 'POST' }).reply(200, { ...REPLY, value: 'v4lue' }, json);
    await run(opts(), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual(REPLY);
    t.done();
  });

  it('accepts a 201 answer', async () => {
    const t = await testContext({ stdin: 'v4lue', globals: { json: true } });
    expectUpsert(t, 201);
    await run(opts(), t.ctx);
    expect(JSON.parse(t.io.out()).name).toBe('DB_PASSWORD');
  });

  it('retries a rate-limited upsert once after Retry-After, in the HTTP layer only', async () => {
    const clock = instantClock();
    const t = await testContext({ stdin: 'v4lue', maxRetries: 3, clock });
    t.api.intercept({ path: '/v1/apps/7/secrets', method: 'POST' }).reply(429, { error: 'Too many requests' }, { headers: { 'content-type': 'application/json', 'retry-after': '2' } });
    expectUpsert(t);
    await run(opts(), t.ctx);
    expect(clock.slept).toEqual([2000]);
    t.done();
  });

  it('surfaces a 400 with the API message and exit 1', async () => {
    const t = await testContext({ stdin: 'v4lue' });
    t.api.intercept({ path: '/v1/apps/7/secrets', method: 'POST' }).reply(400, { error: 'Invalid secret name' }, json);
    const e = await failure(run(opts(), t.ctx));
    expect(e.exitCode).toBe(ExitCode.error);
    expect(e.message).toBe('set secret DB_PASSWORD failed: Invalid secret name');
  });
});
