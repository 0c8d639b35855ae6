/** `spice-cloud api <path>`: one raw request through the shared API client. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Method } from '../../api/http.js';
import type { Api } from '../../api/resources.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { readAll } from '../../io.js';
import { keyValues, oneOf, parseByteSize, requiredString, str } from '../shared/parse.js';
import { buildBody, parseFields, parseRoute } from './fields.js';

export interface ApiRequestOptions {
  method: Method;
  /** Encoded, under /v1. */
  path: string;
  query: Record<string, string>;
  body?: Record<string, unknown> | undefined;
  /** A JSON file to send as the body, or "-" for stdin. */
  input?: string | undefined;
  /** --max-response in bytes. */
  maxResponseBytes?: number | undefined;
}

const METHODS: readonly Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** The API refuses larger bodies with 413; say so before sending. */
export const MAX_INPUT_BYTES = 1024 * 1024;
/** Routes the API serves without a token (api-contract §3). */
const PUBLIC_ROUTES = new Set(['/v1/health', '/v1/docs', '/v1/docs/openapi.json']);

export function parse(raw: RawInput): ApiRequestOptions {
  const route = parseRoute(requiredString(raw.args[0], 'the API path'));
  const methodFlag = raw.opts.method === undefined ? undefined : String(raw.opts.method).toUpperCase();
  const explicit = oneOf(methodFlag, '-X/--method', METHODS);
  const fields = [...parseFields(raw.opts.rawField, '-f/--raw-field', false), ...parseFields(raw.opts.field, '-F/--field', true)];
  const input = str(raw.opts.input);
  if (input !== undefined && input.trim() === '') throw new UsageError('--input needs a file name, or "-" for stdin');
  const method = explicit ?? (fields.length > 0 || input !== undefined ? 'POST' : 'GET');
  if (input !== undefined && method === 'GET') {
    throw new UsageError('--input sends a body, which a GET request cannot carry', 'Add -X POST, PUT, PATCH or DELETE.');
  }
  const query = { ...route.query, ...keyValues(raw.opts.query, '-q/--query') };
  const maxRaw = str(raw.opts.maxResponse);
  const maxResponseBytes = maxRaw === undefined ? undefined : parseByteSize(maxRaw);
  if (maxRaw !== undefined && maxResponseBytes === undefined) {
    throw new UsageError(`invalid --max-response ${JSON.stringify(maxRaw)}: use a size such as 64MiB, 500KB or 1GB`);
  }
  const extra = maxResponseBytes === undefined ? {} : { maxResponseBytes };
  // Like gh: fields form the body, except for GET or next to --input, where they are query parameters.
  if (method === 'GET' || input !== undefined) {
    for (const f of fields) query[f.key] = String(f.value);
    return { method, path: route.path, query, input, ...extra };
  }
  return { method, path: route.path, query, body: fields.length > 0 ? buildBody(fields) : undefined, ...extra };
}

export async function run(opts: ApiRequestOptions, ctx: Context): Promise<void> {
  const body = opts.input !== undefined ? await readJsonInput(opts.input, ctx) : opts.body;
  const api = await client(ctx, opts.path, opts.maxResponseBytes);
  const res = await api.raw(opts.method, opts.path, { query: opts.query, body });
  if (res.status === 204 || res.data === undefined) return;
  ctx.out.json(res.data, { secretValues: /\/secrets(\/|$)/.test(opts.path) });
}

/** Public routes work without credentials; everything else needs them, as usual. */
async function client(ctx: Context, path: string, maxResponseBytes: number | undefined): Promise<Api> {
  const anonymous = PUBLIC_ROUTES.has(path) && (await ctx.auth()).source === 'none';
  return ctx.api({ anonymous, ...(maxResponseBytes !== undefined && { maxResponseBytes }) });
}

async function readJsonInput(source: string, ctx: Context): Promise<unknown> {
  const where = source === '-' ? 'stdin' : JSON.stringify(source);
  let buf: Buffer;
  try {
    if (source === '-') {
      if (ctx.io.isStdinTTY) ctx.out.info('Reading the JSON body from stdin; end it with Ctrl-D.');
      buf = await readAll(ctx.io.stdin, MAX_INPUT_BYTES);
    } else {
      buf = await readFile(resolve(ctx.cwd, source));
    }
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(`--input ${where} is larger than 1 MiB, the API's limit for a body`);
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new UsageError(`cannot read --input ${where}: ${why}`);
  }
  if (buf.length > MAX_INPUT_BYTES) throw new UsageError(`--input ${where} is larger than 1 MiB, the API's limit for a body`);
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new UsageError(`--input ${where} is empty: expected a JSON body`);
  try {
    return JSON.parse(text);
  } catch {
    // The parser's message quotes the input, which may hold a secret: keep it out.
    throw new UsageError(`--input ${where} is not valid JSON`);
  }
}
