/**
 * A secret value, once given to the CLI, must not come back out: not on stdout, not on
 * stderr, not in errors, in any output mode, even when the API misbehaves and echoes it.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as importVerb from '../../../../src/commands/secrets/import.js';
import * as setVerb from '../../../../src/commands/secrets/set.js';
import type { Globals } from '../../../../src/context.js';
import { json, testContext, type TestContext } from '../../../helpers/context.js';

const CANARY = 'CANARY-7f3a9c1e-do-not-print';
const APP = { text: '7', id: 7 };

const MODES: Array<[string, { tty: boolean; globals: Partial<Globals> }]> = [
  ['terminal', { tty: true, globals: {} }],
  ['piped', { tty: false, globals: {} }],
  ['--json', { tty: false, globals: { json: true } }],
  ['--json on a terminal', { tty: true, globals: { json: true } }],
  ['--verbose', { tty: false, globals: { verbose: true } }],
  ['--verbose --json on a terminal', { tty: true, globals: { verbose: true, json: true } }],
];

/** Everything the user could see: both streams and the error as main.ts would print it. */
function visible(t: TestContext, error: unknown): string {
  const e = error as { message?: string; hint?: string } | undefined;
  return [t.io.out(), t.io.err(), t.ctx.redactor.redact(`${e?.message ?? ''} ${e?.hint ?? ''}`)].join('\n');
}

/** The API answers with the value in clear, as a buggy server might. */
function echoingUpsert(t: TestContext, name: string, status = 200): void {
  const body = status < 300 ? { id: 1, name, value: CANARY } : { error: `value ${CANARY} rejected` };
  t.api.intercept({ path: '/v1/apps/7/secrets', method: 'POST', body: (b: string) => (JSON.parse(b) as { name: string }).name === name }).reply(status, body, json);
}

async function settle(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe.each(MODES)('no secret value is printed: %s', (_, mode) => {
  it('secrets set from a piped value, even when the API echoes it', async () => {
    const t = await testContext({ ...mode, stdinTTY: false, stdin: `${CANARY}\n` });
    echoingUpsert(t, 'DB_PASSWORD');
    const error = await settle(setVerb.run({ app: APP, name: 'DB_PASSWORD', fromFile: undefined }, t.ctx));
    expect(error).toBeUndefined();
    expect(t.io.err()).toContain('Set secret DB_PASSWORD');
    expect(visible(t, error)).not.toContain(CANARY);
    t.done();
  });

  it('secrets set from --from-file, when the API rejects it and quotes it back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'no-leak-'));
    await writeFile(join(dir, 'value.txt'), CANARY);
    const t = await testContext({ ...mode, cwd: dir });
    echoingUpsert(t, 'DB_PASSWORD', 400);
    const error = await settle(setVerb.run({ app: APP, name: 'DB_PASSWORD', fromFile: 'value.txt' }, t.ctx));
    expect(error).toBeDefined();
    expect(visible(t, error)).not.toContain(CANARY);
    t.done();
  });

  it('secrets import from a .env file, with one upsert failing and quoting the value', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'no-leak-'));
    await writeFile(join(dir, '.env'), `A=${CANARY}\nB="${CANARY}-b"\n`);
    const t = await testContext({ ...mode, cwd: dir });
    t.api.intercept({ path: '/v1/apps/7/secrets?limit=100', method: 'GET' }).reply(200, { secrets: [{ name: 'A', value: CANARY }] }, json);
    echoingUpsert(t, 'A');
    echoingUpsert(t, 'B', 400);
    const error = await settle(importVerb.run({ app: APP, source: '.env', dryRun: false, prune: false, yes: false, concurrency: 2 }, t.ctx));
    expect(error).toBeDefined();
    expect(t.io.err()).toContain('B');
    expect(visible(t, error)).not.toContain(CANARY);
    t.done();
  });

  it('secrets import --dry-run from JSON on stdin', async () => {
    const t = await testContext({ ...mode, stdinTTY: false, stdin: JSON.stringify({ A: CANARY }) });
    t.api.intercept({ path: '/v1/apps/7/secrets?limit=100', method: 'GET' }).reply(200, { secrets: [] }, json);
    const error = await settle(importVerb.run({ app: APP, source: '-', dryRun: true, prune: false, yes: false, concurrency: 8 }, t.ctx));
    expect(error).toBeUndefined();
    expect(visible(t, error)).not.toContain(CANARY);
    t.done();
  });
});

describe('no secret value is printed when the input is wrong', () => {
  it('a duplicate in a .env file is reported by name only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'no-leak-'));
    await writeFile(join(dir, '.env'), `A=${CANARY}\nA="${CANARY}"trailing\n`);
    const t = await testContext({ cwd: dir });
    const error = await settle(importVerb.run({ app: APP, source: '.env', dryRun: false, prune: false, yes: false, concurrency: 8 }, t.ctx));
    expect((error as Error).message).not.toContain(CANARY);
  });

  it('a malformed JSON file is reported by line only', async () => {
    const t = await testContext({ stdinTTY: false, stdin: `{"A": "${CANARY}" "B": 1}` });
    const error = await settle(importVerb.run({ app: APP, source: '-', dryRun: false, prune: false, yes: false, concurrency: 8 }, t.ctx));
    expect((error as Error).message).toMatch(/not valid JSON/);
    expect((error as Error).message).not.toContain(CANARY);
  });

  it('a value passed as an argument is refused without being repeated', () => {
    const error = (() => {
      try {
        setVerb.parse({ args: ['A', [CANARY]], opts: {}, env: {} });
      } catch (e) {
        return e as Error & { hint?: string };
      }
      return undefined;
    })();
    expect(`${error?.message} ${error?.hint}`).not.toContain(CANARY);
  });

  it('a value typed at the prompt on a terminal is never echoed', async () => {
    const t = await testContext({ tty: true, globals: { verbose: true }, prompts: [CANARY] });
    echoingUpsert(t, 'DB_PASSWORD');
    await setVerb.run({ app: APP, name: 'DB_PASSWORD', fromFile: undefined }, t.ctx);
    expect(t.io.err()).toContain('> POST https://api.test/v1/apps/7/secrets');
    expect(t.io.out() + t.io.err()).not.toContain(CANARY);
    t.done();
  });
});
