/**
 * Unit-test context: fake streams with TTY switches, an undici MockAgent as the HTTP
 * dispatcher (unmatched requests fail; call `done()` to assert every interceptor was
 * used), an in-memory config store, scripted prompts and a clock whose sleeps are instant.
 */
import { PassThrough, Readable } from 'node:stream';
import { MockAgent } from 'undici';
import { afterEach } from 'vitest';
import type { Clock } from '../../src/api/http.js';
import { createContext, type Context, type Env, type Globals } from '../../src/context.js';
import { memoryConfigStore, type ConfigStore } from '../../src/config/store.js';
import type { CliError } from '../../src/errors.js';
import type { IO } from '../../src/io.js';
import type { FlightModule } from '../../src/runtime/connection.js';
import type { Choice, Prompter } from '../../src/prompt.js';

export const API = 'https://api.test';
export const TOKEN = 'test-token-0123456789abcdef';

export interface FakeIO extends IO {
  out(): string;
  err(): string;
}

export function fakeIO(o: { tty?: boolean; stdinTTY?: boolean; stdin?: string | Buffer; color?: boolean; columns?: number } = {}): FakeIO {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const tty = o.tty ?? false;
  return {
    stdin: Readable.from(o.stdin === undefined ? [] : [Buffer.from(o.stdin)]),
    stdout,
    stderr,
    isStdinTTY: o.stdinTTY ?? tty,
    isStdoutTTY: tty,
    isStderrTTY: tty,
    colorStdout: o.color ?? false,
    colorStderr: o.color ?? false,
    columns: o.columns ?? 0,
    out: () => out,
    err: () => err,
  };
}

/** Answers prompts from a script; an unexpected prompt fails the test. */
export function scriptedPrompter(answers: Array<string | boolean | number>): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = (message: string) => {
    asked.push(message);
    if (answers.length === 0) throw new Error(`unexpected prompt: ${message}`);
    return answers.shift()!;
  };
  return {
    asked,
    confirm: async (m) => Boolean(next(m)),
    password: async (m) => String(next(m)),
    input: async (m) => String(next(m)),
    select: async <T>(m: string, choices: Choice<T>[]) => {
      const a = next(m);
      const hit = choices.find((c) => c.value === a || c.name === a);
      if (!hit) throw new Error(`prompt answer ${String(a)} is not among the choices of "${m}"`);
      return hit.value;
    },
  };
}

export const instantClock = (start = Date.parse('2026-11-26T12:00:00Z')): Clock & { slept: number[] } => {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
};

export interface TestContextOptions {
  tty?: boolean;
  stdinTTY?: boolean;
  stdin?: string | Buffer;
  env?: Env;
  globals?: Partial<Globals>;
  prompts?: Array<string | boolean | number>;
  config?: ConfigStore;
  cwd?: string;
  maxRetries?: number;
  clock?: Clock;
  signal?: AbortSignal;
  nodeVersion?: string;
  /** A fake Arrow Flight client module (src/runtime/connection.ts FlightModule). */
  flightModule?: FlightModule;
}

export interface TestContext {
  ctx: Context;
  io: FakeIO;
  mock: MockAgent;
  /** The API origin's mock pool: `api.intercept({ path, method }).reply(...)`. */
  api: ReturnType<MockAgent['get']>;
  prompter: ReturnType<typeof scriptedPrompter>;
  config: ConfigStore;
  /** Asserts every interceptor was used. */
  done(): void;
}

const agents: MockAgent[] = [];
afterEach(async () => {
  for (const a of agents.splice(0)) await a.close();
});

export async function testContext(o: TestContextOptions = {}): Promise<TestContext> {
  const io = fakeIO({ tty: o.tty, stdinTTY: o.stdinTTY, stdin: o.stdin });
  const mock = new MockAgent();
  mock.disableNetConnect();
  agents.push(mock);
  const prompter = scriptedPrompter(o.prompts ?? []);
  const config = o.config ?? memoryConfigStore();
  const globals: Globals = { json: false, headers: true, verbose: false, color: false, input: true, ...o.globals };
  const ctx = await createContext({
    io,
    env: { SPICE_API_TOKEN: TOKEN, SPICE_API_URL: API, ...o.env },
    cwd: o.cwd ?? '/nonexistent-test-dir',
    version: '0.0.0-test',
    nodeVersion: o.nodeVersion ?? '20.19.0',
    globals,
    signal: o.signal ?? new AbortController().signal,
    clock: o.clock ?? instantClock(),
    dispatcher: mock,
    prompter,
    configStore: config,
    maxRetries: o.maxRetries ?? 0,
    flightModule: o.flightModule,
  });
  return { ctx, io, mock, api: mock.get(API), prompter, config, done: () => mock.assertNoPendingInterceptors() };
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function failure(p: Promise<unknown>): Promise<CliError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!e) throw new Error('expected the command to fail');
  return e as CliError;
}

/** JSON reply helper with the content type the real API sends. */
export const json = { headers: { 'content-type': 'application/json' } };
