/**
 * Secret values: the limits the CLI enforces before sending one, and reading them
 * byte-exact from stdin or a file. Messages here never include a value.
 */
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { CliError, UsageError } from '../../errors.js';
import { openInput, readAll } from '../../io.js';

export const MAX_VALUE_BYTES = 64 * 1024;

/** Why a value cannot be sent (phrased to follow the secret's name), or undefined. */
export function checkValue(value: string): string | undefined {
  if (value === '') return 'has an empty value';
  if (Buffer.byteLength(value, 'utf8') > MAX_VALUE_BYTES) return 'has a value larger than 64 KiB';
  // In `u` mode a valid surrogate pair is one code point, so this finds only lone halves.
  if (/\p{Cs}/u.test(value)) return 'has a value that is not valid Unicode text';
  return undefined;
}

/** Bytes from stdin, a file or a prompt → the string to send, or a UsageError. */
export function valueFromBytes(name: string, bytes: Buffer, source: string): string {
  if (bytes.length === 0) throw new UsageError(`refusing to set ${name} to an empty value (${source} was empty)`);
  if (bytes.length > MAX_VALUE_BYTES) throw new UsageError(`the value of ${name} is larger than 64 KiB (${source})`);
  let value: string;
  try {
    value = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new UsageError(`the value of ${name} is not valid UTF-8 text (${source})`, 'The API stores text; encode binary values first, e.g. with base64.');
  }
  const problem = checkValue(value);
  if (problem) throw new UsageError(`refusing to set ${name}: it ${problem}`);
  return value;
}

/** Removes exactly one trailing `\n` or `\r\n` (what `echo` and here-strings add). */
export function stripOneNewline(bytes: Buffer): Buffer {
  const n = bytes.length;
  if (n >= 2 && bytes[n - 2] === 0x0d && bytes[n - 1] === 0x0a) return bytes.subarray(0, n - 2);
  if (n >= 1 && bytes[n - 1] === 0x0a) return bytes.subarray(0, n - 1);
  return bytes;
}

/** Reads a stream, turning "more than `limit` bytes" into a UsageError. */
export async function readLimited(stream: Readable, limit: number, tooLarge: string, signal?: AbortSignal): Promise<Buffer> {
  try {
    return await readAll(stream, limit, signal);
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(tooLarge);
    throw e;
  }
}

/** Reads a file (relative to cwd; FIFOs like `<(...)` work too, without blocking) up to `limit` bytes; Ctrl-C stops it. */
export async function readFileLimited(cwd: string, path: string, limit: number, signal?: AbortSignal): Promise<Buffer> {
  try {
    const stream = await openInput(resolve(cwd, path));
    try {
      return await readLimited(stream, limit, `${path} is larger than ${formatBytes(limit)}`, signal);
    } finally {
      stream.destroy();
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof CliError) throw e;
    throw new UsageError(`cannot read ${path}: ${describeFsError(e)}`);
  }
}

function describeFsError(e: unknown): string {
  switch ((e as { code?: string })?.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return (e as { code?: string })?.code ?? 'read failed';
  }
}

function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / 1024 / 1024} MiB` : n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`;
}
