/**
 * The CLI's Arrow Flight client (loaded lazily, only by the commands that query).
 *
 * Our own @grpc/grpc-js + apache-arrow client rather than the official SDK: spice.js
 * collects every FlightData of a result and builds one Table at the end, so a million
 * rows sit in memory before the first one prints, and with TLS off it sends no
 * `authorization` at all (docs/bench.md has the measurement). This client:
 *
 * - sends `authorization: Bearer <key>` on every call (dataplane.md §2.2);
 * - runs SQL with the simple Spice protocol (GetFlightInfo(CMD = SQL bytes) → DoGet), and
 *   parameters as Flight SQL prepared statements (CreatePreparedStatement → DoPut of one
 *   parameter row, `$1, $2…` or bare names → GetFlightInfo → DoGet → ClosePreparedStatement);
 * - streams: the DoGet messages are re-framed as Arrow IPC and decoded one batch at a
 *   time by apache-arrow's stream reader, pulled by the consumer (gRPC flow control
 *   reaches the server), so memory stays bounded whatever the result size;
 * - retries UNAVAILABLE and RESOURCE_EXHAUSTED only before the result has started,
 *   and reports a stream that breaks later as an error, never as a short result;
 * - maps gRPC codes to the CLI's typed errors (src/errors.ts) and keeps the key out of
 *   every message.
 */
import { rootCertificates } from 'node:tls';
import type { RecordBatch, Schema } from 'apache-arrow';
import type * as Grpc from '@grpc/grpc-js';
import { ApiError, AuthError, CliError, ExitCode, InterruptedError, NetworkError, NotFoundError, RateLimitError, TimeoutError } from '../errors.js';
import { loadFlightProto, MAX_MESSAGE_BYTES, type FlightDataMsg, type FlightInfoMsg, type PutResultMsg, type ResultMsg } from '../proto/flight.js';
import { decodePreparedStatementResult, encodeHandle, encodeQuery, TypeUrl } from '../proto/flight-sql.js';
import { EOS, frame, tableFlightData } from '../proto/ipc.js';
import * as packages from './packages.js';
import { releaser } from './memory.js';

type Arrow = typeof import('apache-arrow');
type Scalar = string | number | bigint | boolean | null;

export interface FlightQueryResult {
  schema: Schema;
  /** Record batches as they arrive; iterate once. A broken stream throws a typed error. */
  batches: AsyncIterable<RecordBatch>;
  /** From the runtime's `results-cache-status` (HIT/STALE → true, MISS → false), when sent. */
  cached: boolean | undefined;
}

export interface FlightClient {
  query(
    sql: string,
    params?: ReadonlyArray<unknown> | Record<string, unknown>,
    o?: { signal?: AbortSignal | undefined; headers?: Record<string, string> | undefined },
  ): Promise<FlightQueryResult>;
  close(): void;
}

export interface ConnectFlightOptions {
  /** `host:port` (IPv6 in brackets). */
  address: string;
  tls: boolean;
  apiKey: string;
  userAgent: string;
  signal?: AbortSignal | undefined;
  /** The hint on an UNAUTHENTICATED answer (default: the key may have been regenerated). */
  authHint?: string | undefined;
  /**
   * Extra trusted CA certificates (PEM), added to Node's bundled roots: a TLS-inspecting
   * proxy's CA or a self-hosted runtime's. grpc-js does not apply NODE_EXTRA_CA_CERTS
   * itself, so the caller passes that file's content here.
   */
  ca?: string | Buffer | undefined;
  /** Attempts for a query that fails with UNAVAILABLE/RESOURCE_EXHAUSTED before any data (default 3). */
  attempts?: number | undefined;
  /** First retry delay in ms, doubled each time (default 250). */
  retryDelayMs?: number | undefined;
}

const RETRYABLE = new Set<number>([14 /* UNAVAILABLE */, 8 /* RESOURCE_EXHAUSTED */]);

export async function connectFlight(o: ConnectFlightOptions): Promise<FlightClient> {
  const { grpc, FlightService } = await loadFlightProto();
  const arrow = packages.arrow();
  const roots = o.ca === undefined ? null : Buffer.from(`${rootCertificates.join('\n')}\n${o.ca.toString()}`);
  const creds = o.tls ? grpc.credentials.createSsl(roots) : grpc.credentials.createInsecure();
  const client = new FlightService(o.address, creds, {
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
    'grpc.primary_user_agent': o.userAgent,
    'grpc.enable_retries': 0,
  }) as unknown as RawFlightClient;
  return new FlightQueryClient(grpc, arrow, client, o);
}

/** The generated client's methods as this module calls them. */
interface RawFlightClient extends Grpc.Client {
  GetFlightInfo(req: unknown, md: Grpc.Metadata, cb: (err: Grpc.ServiceError | null, res?: FlightInfoMsg) => void): Grpc.ClientUnaryCall;
  DoGet(req: unknown, md: Grpc.Metadata): Grpc.ClientReadableStream<FlightDataMsg>;
  DoAction(req: unknown, md: Grpc.Metadata): Grpc.ClientReadableStream<ResultMsg>;
  DoPut(md: Grpc.Metadata): Grpc.ClientDuplexStream<FlightDataMsg, PutResultMsg>;
}

class FlightQueryClient implements FlightClient {
  constructor(
    private readonly grpc: typeof Grpc,
    private readonly arrow: Arrow,
    private readonly raw: RawFlightClient,
    private readonly o: ConnectFlightOptions,
  ) {}

  close(): void {
    this.raw.close();
  }

  async query(
    sql: string,
    params?: ReadonlyArray<unknown> | Record<string, unknown>,
    q: { signal?: AbortSignal | undefined; headers?: Record<string, string> | undefined } = {},
  ): Promise<FlightQueryResult> {
    const signal = anySignal(this.o.signal, q.signal);
    const attempts = Math.max(1, this.o.attempts ?? 3);
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw new InterruptedError();
      try {
        return await this.attempt(sql, params, q.headers, signal);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (signal?.aborted) throw new InterruptedError();
        if (attempt >= attempts || typeof code !== 'number' || !RETRYABLE.has(code) || isCertificateError(err)) throw this.toCliError(err);
        await sleep((this.o.retryDelayMs ?? 250) * 2 ** (attempt - 1), signal).catch(() => {
          throw new InterruptedError();
        });
      }
    }
  }

  /** One try: plan, then open the result stream up to its schema. Raw gRPC errors escape. */
  private async attempt(
    sql: string,
    params: ReadonlyArray<unknown> | Record<string, unknown> | undefined,
    headers: Record<string, string> | undefined,
    signal: AbortSignal | undefined,
  ): Promise<FlightQueryResult> {
    const md = (): Grpc.Metadata => this.metadata(headers);
    const hasParams = params !== undefined && (Array.isArray(params) ? params.length > 0 : Object.keys(params).length > 0);
    if (!hasParams) {
      const info = await this.getFlightInfo({ type: 'CMD', cmd: Buffer.from(sql, 'utf8') }, md(), signal);
      return this.open(ticketOf(info), md(), signal);
    }
    let handle = await this.createPrepared(sql, md(), signal);
    const close = (): void => {
      const call = this.raw.DoAction({ type: 'ClosePreparedStatement', body: encodeHandle(TypeUrl.ActionClosePreparedStatementRequest, handle) }, md());
      call.on('data', () => undefined);
      call.on('error', () => undefined); // a statement the server already dropped is no one's problem
    };
    try {
      handle = await this.bind(handle, params as ReadonlyArray<unknown> | Record<string, unknown>, md(), signal);
      const info = await this.getFlightInfo({ type: 'CMD', cmd: encodeHandle(TypeUrl.CommandPreparedStatementQuery, handle) }, md(), signal);
      return await this.open(ticketOf(info), md(), signal, close);
    } catch (err) {
      close();
      throw err;
    }
  }

  private metadata(headers: Record<string, string> | undefined): Grpc.Metadata {
    const md = new this.grpc.Metadata();
    for (const [k, v] of Object.entries(headers ?? {})) md.set(k.toLowerCase(), v);
    md.set('authorization', `Bearer ${this.o.apiKey}`);
    return md;
  }

  private getFlightInfo(descriptor: unknown, md: Grpc.Metadata, signal: AbortSignal | undefined): Promise<FlightInfoMsg> {
    return new Promise((resolve, reject) => {
      const call = this.raw.GetFlightInfo(descriptor, md, (err, res) => {
        signal?.removeEventListener('abort', cancel);
        if (err) reject(err);
        else resolve(res ?? {});
      });
      const cancel = (): void => call.cancel();
      signal?.addEventListener('abort', cancel, { once: true });
    });
  }

  private async createPrepared(sql: string, md: Grpc.Metadata, signal: AbortSignal | undefined): Promise<Buffer> {
    const call = this.raw.DoAction({ type: 'CreatePreparedStatement', body: encodeQuery(TypeUrl.ActionCreatePreparedStatementRequest, sql) }, md);
    const results = await collect(call, signal);
    const first = results[0];
    if (!first) throw new ApiError('the runtime returned no prepared statement', { code: 'runtime_error' });
    return decodePreparedStatementResult(first.body).handle;
  }

  /** DoPut of one parameter row; returns the handle to use (the server may replace it). */
  private async bind(handle: Buffer, params: ReadonlyArray<unknown> | Record<string, unknown>, md: Grpc.Metadata, signal: AbortSignal | undefined): Promise<Buffer> {
    const ipc = this.arrow.tableToIPC(parameterTable(this.arrow, params), 'stream');
    const call = this.raw.DoPut(md);
    const results = collect(call, signal);
    tableFlightData(this.arrow, ipc).forEach((msg, i) => {
      call.write(i === 0 ? { ...msg, flightDescriptor: { type: 'CMD', cmd: encodeHandle(TypeUrl.CommandPreparedStatementQuery, handle) } } : msg);
    });
    call.end();
    const meta = (await results)[0]?.appMetadata;
    if (meta && meta.length > 0) {
      try {
        return decodePreparedStatementResult(meta).handle;
      } catch {
        // no updated handle: the original stays valid
      }
    }
    return handle;
  }

  /** DoGet up to the schema message; the rest streams through the returned batches. */
  private async open(ticket: Buffer, md: Grpc.Metadata, signal: AbortSignal | undefined, onDone?: () => void): Promise<FlightQueryResult> {
    const call = this.raw.DoGet({ ticket }, md);
    let cached: boolean | undefined;
    call.on('metadata', (m: Grpc.Metadata) => {
      const v = String(m.get('results-cache-status')[0] ?? '').toUpperCase();
      if (v) cached = v === 'HIT' || v === 'STALE';
    });
    const cancel = (): void => call.cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    const finish = (): void => {
      signal?.removeEventListener('abort', cancel);
      onDone?.();
    };
    const it = call[Symbol.asyncIterator]() as AsyncIterator<FlightDataMsg>;
    let first: IteratorResult<FlightDataMsg>;
    try {
      first = await it.next();
    } catch (err) {
      finish();
      throw err;
    }
    if (first.done) {
      finish();
      throw new ApiError('the runtime ended the result stream before its schema', { code: 'runtime_error' });
    }

    // Arrow IPC bytes for apache-arrow's reader, message by message; `complete` only
    // once the server ended the call with OK, so a cut stream cannot pass for a short one.
    let complete = false;
    let failure: unknown;
    const ipc = async function* (): AsyncGenerator<Uint8Array> {
      try {
        yield frame(first.value.dataHeader ?? Buffer.alloc(0), first.value.dataBody ?? Buffer.alloc(0));
        const release = releaser();
        for (;;) {
          const n = await it.next();
          if (n.done) break;
          release(n.value.dataBody?.length ?? 0);
          yield frame(n.value.dataHeader ?? Buffer.alloc(0), n.value.dataBody ?? Buffer.alloc(0));
        }
        complete = true;
        yield EOS;
      } catch (err) {
        failure = err;
        throw err;
      }
    };
    let reader: import('apache-arrow').AsyncRecordBatchStreamReader;
    try {
      reader = (await this.arrow.RecordBatchReader.from(ipc())) as unknown as import('apache-arrow').AsyncRecordBatchStreamReader;
      await reader.open();
    } catch (err) {
      call.cancel();
      finish();
      throw failure ?? err;
    }
    const midStream = (err: unknown, rows: number): CliError => this.midStreamError(err, rows);
    const batches = async function* (): AsyncGenerator<RecordBatch> {
      let rows = 0;
      try {
        for await (const batch of reader) {
          rows += batch.numRows;
          yield batch;
        }
        if (failure !== undefined) throw failure;
        if (!complete) throw new NetworkError(`the result stream ended early, after ${rows} rows: the connection to the runtime was lost`);
      } catch (err) {
        if (signal?.aborted) throw new InterruptedError();
        throw err instanceof CliError ? err : midStream(failure ?? err, rows);
      } finally {
        if (!complete) call.cancel();
        finish();
      }
    };
    return { schema: reader.schema, batches: batches(), cached };
  }

  /** An error once rows have streamed: a lost connection says how far the result got. */
  private midStreamError(err: unknown, rows: number): CliError {
    const code = (err as { code?: unknown }).code;
    const S = this.grpc.status;
    if (code !== S.UNAVAILABLE && code !== S.INTERNAL && code !== S.UNKNOWN) return this.toCliError(err);
    const raw = (err as Partial<Grpc.ServiceError>).details || (err instanceof Error ? err.message : String(err));
    return new NetworkError(`the result stream broke after ${rows} rows: ${scrub(raw, this.o.apiKey)}`, {
      hint: 'The connection to the runtime was lost in the middle of the result; nothing after those rows arrived. Run the query again.',
    });
  }

  /** gRPC status → the CLI's typed error; the key never appears in the message. */
  private toCliError(err: unknown): CliError {
    if (err instanceof CliError) return err;
    const e = err as Partial<Grpc.ServiceError>;
    const raw = typeof e.details === 'string' && e.details !== '' ? e.details : e instanceof Error ? e.message : String(err);
    const detail = scrub(raw, this.o.apiKey);
    const where = `Arrow Flight ${this.o.tls ? 'grpc+tls' : 'grpc'}://${this.o.address}`;
    const S = this.grpc.status;
    switch (e.code) {
      case S.INVALID_ARGUMENT:
      case S.FAILED_PRECONDITION:
        return new CliError(`query failed: ${detail}`, ExitCode.usage, { status: 400, code: 'invalid_query' });
      case S.UNAUTHENTICATED:
        return new AuthError(`the runtime refused the API key (${detail})`, {
          status: 401,
          hint: this.o.authHint ?? 'The key may have been regenerated: check `spice-cloud keys get`, or set SPICE_APP_API_KEY to the current key.',
        });
      case S.PERMISSION_DENIED:
        return new AuthError(`the runtime refused the request (${detail})`, { status: 403, code: 'forbidden' });
      case S.NOT_FOUND:
        return new NotFoundError(`not found: ${detail}`, { status: 404 });
      case S.RESOURCE_EXHAUSTED:
        return new RateLimitError(`the runtime is out of capacity for this key (${detail})`, { status: 429, hint: 'Wait and try again, or narrow the query.' });
      case S.DEADLINE_EXCEEDED:
        return new TimeoutError(`the query timed out (${detail})`, { status: 504, hint: "The runtime's query timeout was reached: narrow the query or add a LIMIT." });
      case S.CANCELLED:
        return new InterruptedError();
      case S.UNAVAILABLE:
        if (isCertificateError(err)) {
          return new NetworkError(`${where}: the runtime's TLS certificate was not accepted (${detail})`, {
            hint: 'Behind a TLS-inspecting proxy or with a private CA, point NODE_EXTRA_CA_CERTS at its certificate (PEM).',
          });
        }
        return new NetworkError(`${where} is unavailable: ${detail}`, {
          status: 503,
          hint: 'Check the address (--flight-endpoint), or query over HTTP with --http.',
        });
      case S.UNIMPLEMENTED:
        return new ApiError(`the runtime does not support this over Arrow Flight: ${detail}`, { status: 501, code: 'unimplemented', hint: 'Query over HTTP with --http.' });
      default:
        return new ApiError(`${where} failed: ${detail}`, { code: 'runtime_error' });
    }
  }
}

/** One row of parameters as a typed Arrow table: `$1, $2…` columns, or bare names. */
export function parameterTable(arrow: Arrow, params: ReadonlyArray<unknown> | Record<string, unknown>): import('apache-arrow').Table {
  const entries: Array<[string, unknown]> = Array.isArray(params)
    ? params.map((v, i) => [`$${i + 1}`, v] as [string, unknown])
    : Object.entries(params).map(([k, v]) => [k.replace(/^\$/, ''), v] as [string, unknown]);
  const columns: Record<string, import('apache-arrow').Vector> = {};
  for (const [name, value] of entries) columns[name] = vectorOf(arrow, name, value);
  return new arrow.Table(columns);
}

function vectorOf(arrow: Arrow, name: string, v: unknown): import('apache-arrow').Vector {
  const value = v as Scalar | undefined;
  if (value === null || value === undefined) return arrow.vectorFromArray([null], new arrow.Utf8());
  if (typeof value === 'boolean') return arrow.vectorFromArray([value], new arrow.Bool());
  if (typeof value === 'bigint') return arrow.vectorFromArray([value], new arrow.Int64());
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? arrow.vectorFromArray([BigInt(value)], new arrow.Int64()) : arrow.vectorFromArray([value], new arrow.Float64());
  }
  if (typeof value === 'string') return arrow.vectorFromArray([value], new arrow.Utf8());
  throw new CliError(`parameter ${name} must be a string, number, boolean or null`, ExitCode.usage, { code: 'usage' });
}

function ticketOf(info: FlightInfoMsg): Buffer {
  const ticket = info.endpoint?.[0]?.ticket?.ticket;
  if (!ticket || ticket.length === 0) throw new ApiError('the runtime answered GetFlightInfo without a ticket', { code: 'runtime_error' });
  return ticket;
}

function collect<T>(call: Grpc.ClientReadableStream<T> | Grpc.ClientDuplexStream<unknown, T>, signal: AbortSignal | undefined): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const out: T[] = [];
    const cancel = (): void => call.cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    call.on('data', (d: T) => out.push(d));
    call.on('error', (err) => {
      signal?.removeEventListener('abort', cancel);
      reject(err);
    });
    call.on('end', () => {
      signal?.removeEventListener('abort', cancel);
      resolve(out);
    });
  });
}

/** A TLS verification failure: deterministic, so never retried. */
function isCertificateError(err: unknown): boolean {
  const details = String((err as { details?: unknown }).details ?? '');
  return /certificate|CERT_|self[- ]signed|unable to verify/i.test(details);
}

function scrub(text: string, secret: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return secret.length >= 4 ? oneLine.split(secret).join('***') : oneLine;
}

function anySignal(...signals: Array<AbortSignal | undefined>): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
