/**
 * `--jq <expr>`: real jq (jq 1.7 compiled to WebAssembly, the `jq-wasm` package), loaded
 * only when the flag is used. It runs in a worker thread so that Ctrl-C (and a filter
 * that never ends, such as `repeat(1)`) cannot freeze the CLI: aborting terminates the
 * worker. The writer hands it the same masked value `--json` would print, so a filter
 * cannot reach a secret the JSON would not show.
 *
 * Output is `jq -r`: strings raw, other values as JSON (indented on a terminal, one line
 * when piped). Control characters that jq -r would pass through raw are escaped as
 * `\u00XX` (still valid inside JSON text), so a value cannot drive the terminal.
 */
import { Worker } from 'node:worker_threads';
import { requireFrom } from '../builtins.js';
import { CliError, ExitCode, InterruptedError, UsageError } from '../errors.js';

/** Runs in the worker: CommonJS, `require` of the absolute jq-wasm path it is given. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const jq = require(workerData.module);
parentPort.on('message', async ({ id, input, filter, flags }) => {
  try {
    parentPort.postMessage({ id, out: await jq.raw(input, filter, flags) });
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.message) || e) });
  }
});
`;

/** Starts the line that carries an error caught inside jq (NUL bytes: no JSON text or name has them). */
const ERROR_MARK = '\u0000spice-cloud-jq-error\u0000';

/** Printed first and last by the wrapped filter (a control character: trim() keeps it). */
const EDGE = '\u0001';

/** How long the compile check lets a filter run on `null` before taking it as compiled. */
const CHECK_MS = 2_000;

interface Reply {
  id: number;
  out?: string;
  error?: string;
}

export interface JqOptions {
  /** Indent JSON results (a terminal); one line per result otherwise. */
  pretty: boolean;
  /** Ctrl-C: stops the worker and rejects with InterruptedError. */
  signal?: AbortSignal | undefined;
}

type Waiting = Map<number, { resolve: (r: Reply) => void; reject: (e: unknown) => void }>;

export class Jq {
  private worker: { thread: Worker; waiting: Waiting } | undefined;
  private nextId = 0;

  constructor(
    readonly filter: string,
    private readonly opts: JqOptions,
  ) {}

  /**
   * Compile-checks the filter so that a bad expression is a usage error (exit 2) before
   * any request is sent, with jq's own message. jq has no compile-only flag, so this runs
   * the filter on `null` and ignores its output and runtime errors; a filter still busy
   * after CHECK_MS compiled (jq compiles before it runs) and is stopped.
   */
  async check(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const busy = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        this.close();
        resolve(undefined);
      }, CHECK_MS);
    });
    try {
      const reply = await Promise.race([this.call('null', this.filter, ['-c']), busy]);
      const error = reply?.error === undefined ? undefined : compileError(reply.error);
      if (error) throw error;
    } catch (e) {
      if (e instanceof UsageError || e instanceof InterruptedError) throw e;
      // Anything else (the worker stopped by the timer) says nothing about the filter.
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The filter's output for one JSON text, newline-terminated ('' when it outputs nothing),
   * and the runtime error that stopped it, if any (the output before it still counts).
   */
  async apply(json: string): Promise<{ text: string; error?: CliError }> {
    const flags = this.opts.pretty ? ['-r'] : ['-r', '-c'];
    // jq-wasm drops jq's error when some output came first, so the error is caught in jq
    // and printed as a marked last line: outputs before it are kept, as jq keeps them.
    // It also trims the whole output, so two sentinel lines keep leading and trailing whitespace.
    const filter = `${JSON.stringify(EDGE)}, (try (\n${this.filter}\n) catch (${JSON.stringify(ERROR_MARK)} + (if type == "string" then . else tojson end))), ${JSON.stringify(EDGE)}`;
    const reply = await this.call(json, filter, flags);
    if (reply.error !== undefined) {
      throw compileError(reply.error) ?? new CliError(`--jq: ${firstError(reply.error)}`, ExitCode.error, { code: 'jq_error' });
    }
    let out = reply.out ?? '';
    if (out.startsWith(EDGE) && out.endsWith(EDGE)) out = out === `${EDGE}\n${EDGE}` ? '' : out.slice(EDGE.length + 1, -(EDGE.length + 1));
    const mark = out.indexOf(ERROR_MARK);
    if (mark >= 0) {
      const error = new CliError(`--jq: ${out.slice(mark + ERROR_MARK.length).split('\n')[0]}`, ExitCode.error, { code: 'jq_error' });
      out = escapeControls(out.slice(0, mark).replace(/\n$/, ''));
      return { text: out === '' ? '' : `${out}\n`, error };
    }
    out = escapeControls(out);
    return { text: out === '' ? '' : `${out}\n` };
  }

  /** Stops the worker (idempotent). */
  close(): void {
    void this.worker?.thread.terminate();
    this.worker = undefined;
  }

  private call(input: string, filter: string, flags: string[]): Promise<Reply> {
    const signal = this.opts.signal;
    if (signal?.aborted) return Promise.reject(new InterruptedError('interrupted before the --jq filter ran'));
    const { thread, waiting } = this.start();
    const id = this.nextId++;
    thread.ref();
    return new Promise<Reply>((resolve, reject) => {
      const onAbort = () => {
        this.close();
        reject(new InterruptedError('interrupted while running the --jq filter'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => signal?.removeEventListener('abort', onAbort);
      waiting.set(id, {
        resolve: (r) => (settle(), resolve(r)),
        reject: (e) => (settle(), reject(e)),
      });
      thread.postMessage({ id, input, filter, flags });
    });
  }

  private start(): { thread: Worker; waiting: Waiting } {
    if (this.worker) return this.worker;
    const module = requireFrom(import.meta.url).resolve('jq-wasm');
    const thread = new Worker(WORKER_SOURCE, { eval: true, workerData: { module } });
    const waiting: Waiting = new Map();
    const failAll = (e: unknown) => {
      for (const w of waiting.values()) w.reject(e);
      waiting.clear();
    };
    thread.on('message', (r: Reply) => {
      const w = waiting.get(r.id);
      waiting.delete(r.id);
      // An idle worker must not keep the process alive.
      if (waiting.size === 0) thread.unref();
      w?.resolve(r);
    });
    thread.on('error', (e) => failAll(new CliError(`--jq: the jq engine failed: ${e.message}`, ExitCode.error, { code: 'jq_error' })));
    thread.on('exit', () => failAll(new CliError('--jq: the jq engine stopped', ExitCode.error, { code: 'jq_error' })));
    this.worker = { thread, waiting };
    return this.worker;
  }
}

/** `jq: error: syntax error, … at <top-level>, line 1:` + `jq: 1 compile error` → one usage error. */
function compileError(text: string): UsageError | undefined {
  if (!/compile error/.test(text)) return undefined;
  const errors = text
    .split('\n')
    .filter((l) => l.startsWith('jq: error'))
    .map((l) => l.replace(/^jq: error: /, '').replace(/:$/, ''));
  return new UsageError(`invalid --jq expression: ${errors.join('; ') || 'it does not compile'}`, 'See https://jqlang.org/manual/ for the jq language.');
}

/** A runtime error: `jq: error (at /dev/stdin:0): Cannot index string with "name"`. */
function firstError(text: string): string {
  const line = text.split('\n').find((l) => l.startsWith('jq: error')) ?? text.split('\n')[0] ?? text;
  return line.replace(/^jq: error(?: \(at [^)]*\))?: /, '');
}

/** C0 controls except tab and newline, DEL and C1 controls become `\u00XX`. */
export function escapeControls(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
