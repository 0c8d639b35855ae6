/**
 * The streams a command may touch, with what we know about them.
 *
 * `systemIO()` wraps the real process streams (only `main.ts` calls it); tests use
 * `testIO()` from test/helpers to get buffers and TTY switches. Commands never look at
 * `process.stdout` themselves: they ask `io`.
 */
// Named imports: a namespace import of node:fs becomes a copy of its hundred exports at start.
import { constants as fsConstants, createReadStream, fstatSync, openSync, statSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { net, tty } from './builtins.js';

export interface IO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  isStdinTTY: boolean;
  /** stdin is /dev/null (`< /dev/null`, CI runners, spawned with stdin ignored): nothing to read, no stream to open. */
  stdinIsNull?: boolean;
  isStdoutTTY: boolean;
  isStderrTTY: boolean;
  /** Colour on stdout (tables, statuses). */
  colorStdout: boolean;
  /** Colour on stderr (messages, spinners). */
  colorStderr: boolean;
  /** Terminal width for stderr spinners; 0 when unknown. */
  columns: number;
  /**
   * Width that tables, single views and help fit into: `COLUMNS` when set, else stdout's
   * width when it is a terminal; 0 (unknown, or piped) means nothing is shortened.
   */
  width?: number;
}

export interface ColorEnv {
  NO_COLOR?: string | undefined;
  COLUMNS?: string | undefined;
  FORCE_COLOR?: string | undefined;
  TERM?: string | undefined;
}

/**
 * Colour rules: `--no-color` and a non-empty `NO_COLOR` switch it off (an empty one does
 * not, as no-color.org says);
 * `FORCE_COLOR` (not `0`) switches it on even when piped; otherwise colour only on a TTY
 * that is not `TERM=dumb`. chalk alone ignores NO_COLOR, so we decide here.
 */
export function wantsColor(isTTY: boolean, env: ColorEnv, noColorFlag: boolean): boolean {
  if (noColorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

export interface SystemStreams {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean; columns?: number };
}

export function systemIO(streams: SystemStreams, env: ColorEnv, noColorFlag: boolean): IO {
  const isStdoutTTY = streams.stdout.isTTY === true;
  // stderr is built on first write: most commands never write to it, and on a pipe the
  // stream is a net.Socket, ~1.5 ms to make. Its terminal flag comes from the descriptor.
  const isStderrTTY = isTerminal(2);
  return {
    // Node opens stdin on first access (a ReadStream on /dev/null or a file, ~2 ms): most
    // commands never read it, so neither the stream nor its TTY flag is touched until asked.
    get stdin() {
      return streams.stdin;
    },
    get isStdinTTY() {
      return streams.stdin.isTTY === true;
    },
    get stdinIsNull() {
      return isDevNull(0);
    },
    stdout: streams.stdout,
    get stderr() {
      return streams.stderr;
    },
    isStdoutTTY,
    isStderrTTY,
    colorStdout: wantsColor(isStdoutTTY, env, noColorFlag),
    colorStderr: wantsColor(isStderrTTY, env, noColorFlag),
    get columns() {
      return isStderrTTY ? (streams.stderr.columns ?? 0) : 0;
    },
    width: terminalWidth(isStdoutTTY, streams.stdout.columns, env.COLUMNS),
  };
}

/**
 * Whether a file descriptor is a terminal, as the stream Node would build on it says
 * (`isTTY`): a pipe or a file is not, which an fstat tells without loading node:tty
 * (which loads net); a character device is asked with isatty (a terminal, not /dev/null).
 */
export function isTerminal(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false; // a closed descriptor
  }
  return tty().isatty(fd);
}

/** Whether a file descriptor is the null device (fstat, without opening a stream on it). */
function isDevNull(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    return st.isCharacterDevice() && st.rdev === statSync('/dev/null').rdev;
  } catch {
    return false; // no /dev/null (Windows), or a closed descriptor
  }
}

/** `COLUMNS` (a positive number) wins; else a terminal's own width; piped output is not fitted (0). */
export function terminalWidth(isTTY: boolean, ttyColumns: number | undefined, columnsEnv: string | undefined): number {
  const fromEnv = Number(columnsEnv);
  if (columnsEnv && Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return isTTY ? ttyColumns || 80 : 0;
}

/**
 * Reads a stream to the end as bytes (piped secret values, --with-token, import -, input
 * files). The limit is enforced while reading: the read stops the moment it is crossed
 * (RangeError), so `/dev/zero` costs `limitBytes`, not gigabytes. `signal` (Ctrl-C)
 * stops it at once, even when the writer holds the stream open (InterruptedError).
 */
export async function readAll(stream: Readable, limitBytes = 8 * 1024 * 1024, signal?: AbortSignal): Promise<Buffer> {
  const { InterruptedError } = await import('./errors.js');
  if (signal?.aborted) throw new InterruptedError('interrupted before the input was read; nothing was sent');
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (fn: () => void) => {
      signal?.removeEventListener('abort', onAbort);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      fn();
    };
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > limitBytes) {
        finish(() => reject(new RangeError(`input is larger than ${limitBytes} bytes`)));
        stream.destroy();
        return;
      }
      chunks.push(buf);
    };
    const onEnd = () => finish(() => resolve(Buffer.concat(chunks)));
    const onError = (e: Error) => finish(() => reject(e));
    const onAbort = () => {
      finish(() => reject(new InterruptedError('interrupted while reading the input; nothing was sent')));
      stream.pause();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

/**
 * A readable stream of a file named by the user, safe for every kind of file: a FIFO
 * (`<(cmd)`, `mkfifo`) or socket is opened non-blocking and read as a pipe, so neither
 * opening it nor waiting for its writer ties up a thread or outlives Ctrl-C; a
 * directory is EISDIR; anything else (regular files, /dev/zero) is read as a stream, to
 * which `readAll` applies its limit.
 */
export async function openInput(path: string): Promise<Readable> {
  const st = statSync(path);
  if (st.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
  if (st.isFIFO() || st.isSocket()) {
    const { Socket } = net();
    const fd = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
    return new Socket({ fd, readable: true, writable: false });
  }
  return createReadStream(path);
}

/** `openInput` + `readAll`: a user-named file, at most `limitBytes`, interruptible. */
export async function readInput(path: string, limitBytes: number, signal?: AbortSignal): Promise<Buffer> {
  const stream = await openInput(path);
  try {
    return await readAll(stream, limitBytes, signal);
  } finally {
    stream.destroy();
  }
}
