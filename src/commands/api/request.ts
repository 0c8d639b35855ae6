/** `spice-cloud api <path>`: one raw request through the shared API client. */
import { resolve } from 'node:path';
import { RESERVED_HEADERS, type HttpResponse, type Method } from '../../api/http.js';
import type { Api } from '../../api/resources.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { CliError, UsageError } from '../../errors.js';
import { readAll, readInput } from '../../io.js';
import { intInRange, keyValues, oneOf, parseByteSize, requiredString, str } from '../shared/parse.js';
import { buildBody, FileValue, parseFields, parseHeaders, parseRoute, SENSITIVE_HEADER } from './fields.js';
import { paginate } from './paginate.js';

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
  /** -H: extra request headers (lowercase names). */
  headers?: Record<string, string> | undefined;
  /** Query parameters read from a file or stdin (`-F key=@file` on a GET). */
  queryFiles?: Record<string, FileValue> | undefined;
  /** Follow limit/offset until a short page; print one merged array (or the pages with `slurp`). */
  paginate?: boolean | undefined;
  slurp?: boolean | undefined;
  /** -i: status line and response headers on stderr. */
  include?: boolean | undefined;
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
  if (input === '-' && fields.some((f) => f.value instanceof FileValue && f.value.source === '-')) {
    throw new UsageError('--input - and -F key=@- both read stdin; only one can');
  }
  // Only what was asked for, so the options read like the command line.
  const headers = parseHeaders(raw.opts.header, RESERVED_HEADERS);
  const extra: Pick<ApiRequestOptions, 'headers' | 'paginate' | 'slurp' | 'include' | 'maxResponseBytes'> = {
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(raw.opts.paginate === true ? { paginate: true } : {}),
    ...(raw.opts.slurp === true ? { slurp: true } : {}),
    ...(raw.opts.include === true ? { include: true } : {}),
  };
  if (extra.slurp && !extra.paginate) throw new UsageError('--slurp collects the pages of --paginate; add --paginate');
  if (extra.paginate && method !== 'GET') throw new UsageError('--paginate follows the pages of a GET list; it cannot repeat a request that sends a body');
  const query = { ...route.query, ...keyValues(raw.opts.query, '-q/--query') };
  const maxRaw = str(raw.opts.maxResponse);
  const maxResponseBytes = maxRaw === undefined ? undefined : parseByteSize(maxRaw);
  if (maxRaw !== undefined && maxResponseBytes === undefined) {
    throw new UsageError(`invalid --max-response ${JSON.stringify(maxRaw)}: use a size such as 64MiB, 500KB or 1GB`);
  }
  if (maxResponseBytes !== undefined) extra.maxResponseBytes = maxResponseBytes;
  // Like gh: fields form the body, except for GET or next to --input, where they are query parameters.
  if (method === 'GET' || input !== undefined) {
    const queryFiles: Record<string, FileValue> = {};
    for (const f of fields) {
      if (f.value instanceof FileValue) queryFiles[f.key] = f.value;
      else query[f.key] = String(f.value);
    }
    if (extra.paginate) {
      intInRange(query.limit, 'the limit query parameter', 1, 1000);
      intInRange(query.offset, 'the offset query parameter', 0, Number.MAX_SAFE_INTEGER);
    }
    return { method, path: route.path, query, input, ...(Object.keys(queryFiles).length > 0 ? { queryFiles } : {}), ...extra };
  }
  return { method, path: route.path, query, body: fields.length > 0 ? buildBody(fields) : undefined, ...extra };
}

export async function run(opts: ApiRequestOptions, ctx: Context): Promise<void> {
  const body = opts.input !== undefined ? await readJsonInput(opts.input, ctx) : await resolveFiles(opts.body, ctx);
  const query = { ...opts.query };
  for (const [k, f] of Object.entries(opts.queryFiles ?? {})) query[k] = await readFieldFile(f, ctx);
  for (const [k, v] of Object.entries(opts.headers ?? {})) if (SENSITIVE_HEADER.test(k)) ctx.redactor.add(v);
  const api = await client(ctx, opts.path, opts.maxResponseBytes);
  const secretValues = /\/secrets(\/|$)/.test(opts.path);
  const include = opts.include ? (res: Pick<HttpResponse<unknown>, 'status' | 'statusText' | 'headers'>) => showResponse(ctx, res) : undefined;
  const send = async (q: Record<string, string>) => {
    try {
      return await api.raw(opts.method, opts.path, { query: q, body, headers: opts.headers });
    } catch (e) {
      // -i shows the status and headers of an error answer too, before the error itself.
      if (include && e instanceof CliError && e.response) include(e.response);
      throw e;
    }
  };
  if (opts.paginate) {
    const { pages, items } = await paginate(send, query, include);
    ctx.out.json(opts.slurp ? pages : items, { secretValues });
    return;
  }
  const res = await send(query);
  include?.(res);
  if (res.status === 204 || res.data === undefined) return;
  ctx.out.json(res.data, { secretValues });
}

/** `-i`: the status line and headers on stderr, credential-like header values redacted. */
function showResponse(ctx: Context, res: Pick<HttpResponse<unknown>, 'status' | 'statusText' | 'headers'>): void {
  const lines = [`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`];
  for (const [name, value] of res.headers.entries?.() ?? []) lines.push(`${name}: ${SENSITIVE_HEADER.test(name) ? '[REDACTED]' : value}`);
  ctx.out.info(`${lines.join('\n')}\n`);
}

/** Replaces each `-F key=@file` in the body with the file's text. */
async function resolveFiles(body: Record<string, unknown> | undefined, ctx: Context): Promise<Record<string, unknown> | undefined> {
  if (body === undefined) return undefined;
  const walk = async (v: unknown): Promise<unknown> => {
    if (v instanceof FileValue) return readFieldFile(v, ctx);
    if (Array.isArray(v)) return Promise.all(v.map(walk));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = await walk(x);
      return out;
    }
    return v;
  };
  return (await walk(body)) as Record<string, unknown>;
}

/** The text of `@file` or `@-`, byte-exact (UTF-8), under the API's body limit. */
async function readFieldFile(f: FileValue, ctx: Context): Promise<string> {
  const where = f.source === '-' ? 'stdin' : JSON.stringify(f.source);
  let buf: Buffer;
  try {
    if (f.source === '-') {
      if (ctx.io.isStdinTTY) throw new UsageError('-F key=@- reads stdin, but stdin is a terminal', 'Pipe or redirect the value into the command.');
      buf = await readAll(ctx.io.stdin, MAX_INPUT_BYTES, ctx.signal);
    } else {
      buf = await readInput(resolve(ctx.cwd, f.source), MAX_INPUT_BYTES, ctx.signal);
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    if (e instanceof RangeError) throw new UsageError(`-F @${f.source}: ${where} is larger than 1 MiB, the API's limit for a body`);
    throw new UsageError(`cannot read -F @${f.source}: ${describeReadError(e)}`);
  }
  if (buf.length > MAX_INPUT_BYTES) throw new UsageError(`-F @${f.source}: ${where} is larger than 1 MiB, the API's limit for a body`);
  // Secret values sent to /secrets routes are registered for redaction by the API client.
  return buf.toString('utf8');
}

function describeReadError(e: unknown): string {
  const code = (e as { code?: string }).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
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
      buf = await readAll(ctx.io.stdin, MAX_INPUT_BYTES, ctx.signal);
    } else {
      buf = await readInput(resolve(ctx.cwd, source), MAX_INPUT_BYTES, ctx.signal);
    }
  } catch (e) {
    if (e instanceof CliError) throw e; // Ctrl-C while reading
    if (e instanceof RangeError) throw new UsageError(`--input ${where} is larger than 1 MiB, the API's limit for a body`);
    throw new UsageError(`cannot read --input ${where}: ${describeReadError(e)}`);
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
