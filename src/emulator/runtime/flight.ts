/**
 * The emulated runtime's Arrow Flight service (arrow.flight.protocol.FlightService on
 * @grpc/grpc-js), as dataplane.md §2.2 and §4.4 describe the runtime's:
 *
 *   Handshake      Basic auth (user ignored, password = API key) → Bearer session token
 *   GetFlightInfo  CMD with SQL bytes, Flight SQL CommandStatementQuery or
 *                  CommandPreparedStatementQuery → schema + one endpoint with an opaque ticket
 *   GetSchema      the same schema alone
 *   DoGet          the ticket (or raw SQL bytes) → schema message, then record batches as
 *                  the engine yields them, waiting for gRPC flow control between writes
 *   DoAction       CreatePreparedStatement / ClosePreparedStatement
 *   DoPut          CommandPreparedStatementQuery + one parameter row → binds the statement
 *
 * Every call but Handshake needs `authorization: Bearer <key or token>`; the key selects
 * the app (flight-auth.ts). SQL errors are INVALID_ARGUMENT with the engine's text.
 *
 * Connections are accepted by our own net server and handed to grpc-js (a connection
 * injector), so that the fault rules of the emulator (method FLIGHT, path /DoGet etc.)
 * can drop the very TCP connection a call runs on: `drop` before answering,
 * `drop-after` after the first record batch of a DoGet (or instead of a unary answer);
 * `delay` waits; a status (`FLIGHT /DoGet=503`) answers the gRPC equivalent (UNAVAILABLE).
 * Each call is one line in the request log (HTTP-equivalent status; 0 = dropped).
 */
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type * as Grpc from '@grpc/grpc-js';
import type * as ArrowNs from 'apache-arrow';
import { SqlError, type SqlParams } from './engine.js';
import { appFor, basicPasswordOf, bearerOf, FlightSessions, type FlightApp, type FlightHost } from './flight-auth.js';
import { commandOf, commandOfTicket, paramsFromTable, PreparedStatements, ticketFor, type Command } from './flight-commands.js';
import { FlightStatusError, grpcCodeForHttp, httpEquivalent, internal, invalidArgument, Status, unauthenticated, unimplemented } from './flight-errors.js';
import type { FaultRule } from '../types.js';
import { loadFlightProto, MAX_MESSAGE_BYTES, type ActionMsg, type FlightDataMsg, type FlightDescriptorMsg, type HandshakeMsg, type TicketMsg } from '../../proto/flight.js';
import { decodeAny, decodeBasicAuth, decodeHandle, decodeQuery, encodeFields, encodePreparedStatementResult, ProtoDecodeError, TypeUrl } from '../../proto/flight-sql.js';
import { batchFlightData, EOS, frame, schemaFlightData, schemaToIpc } from '../../proto/ipc.js';

export type { FlightApp, FlightHost } from './flight-auth.js';

export interface FlightServerOptions {
  host: string;
  port: number;
  /** Serve TLS (PEM). Without it the service is plaintext, as a local runtime is. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export interface RunningFlightServer {
  /** `host:port` a client dials (IPv6 hosts in brackets). */
  address: string;
  port: number;
  close(): Promise<void>;
}

/** Largest DoPut parameter upload accepted. */
const MAX_PARAM_BYTES = 16 * 1024 * 1024;
/** How long a Handshake without a Basic header waits for its BasicAuth payload. */
const HANDSHAKE_WAIT_MS = 10_000;

type AnyCall = Grpc.ServerUnaryCall<unknown, unknown> | Grpc.ServerWritableStream<unknown, unknown> | Grpc.ServerDuplexStream<unknown, unknown>;

export async function startFlightServer(host: FlightHost, o: FlightServerOptions): Promise<RunningFlightServer> {
  const { grpc, FlightService } = await loadFlightProto();
  const arrow = await import('apache-arrow');
  const service = new FlightCalls(grpc, arrow, host);

  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  });
  server.addService(FlightService.service, service.handlers());
  const creds = o.tls
    ? grpc.ServerCredentials.createSsl(null, [{ cert_chain: Buffer.from(o.tls.cert), private_key: Buffer.from(o.tls.key) }], false)
    : grpc.ServerCredentials.createInsecure();
  const injector = server.createConnectionInjector(creds);

  const sockets = new Set<Socket>();
  const net: NetServer = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    injector.injectConnection(socket);
  });
  service.socketFor = (peer) => [...sockets].find((s) => `${s.remoteAddress}:${s.remotePort}` === peer);

  await new Promise<void>((resolve, reject) => {
    net.once('error', reject);
    net.listen(o.port, o.host, () => {
      net.off('error', reject);
      resolve();
    });
  });
  const addr = net.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  const hostPart = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    address: `${hostPart}:${port}`,
    port,
    close: async () => {
      injector.destroy();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => net.close(() => resolve()));
      server.forceShutdown();
    },
  };
}

/** The call's outcome for the request log. */
interface Outcome {
  status: number;
  app?: string;
}

class FlightCalls {
  private readonly sessions = new FlightSessions();
  private readonly prepared = new PreparedStatements();
  /** Finds the TCP connection of a call (set by startFlightServer). */
  socketFor: (peer: string) => Socket | undefined = () => undefined;

  constructor(
    private readonly grpc: typeof Grpc,
    private readonly arrow: typeof ArrowNs,
    private readonly host: FlightHost,
  ) {}

  handlers(): Grpc.UntypedServiceImplementation {
    return {
      Handshake: (call: Grpc.ServerDuplexStream<HandshakeMsg, HandshakeMsg>) => this.stream('/Handshake', call, false, () => this.handshake(call)),
      ListFlights: (call: Grpc.ServerWritableStream<unknown, unknown>) =>
        this.stream('/ListFlights', call, true, async () => {
          call.end();
        }),
      GetFlightInfo: (call: Grpc.ServerUnaryCall<FlightDescriptorMsg, unknown>, cb: Grpc.sendUnaryData<unknown>) =>
        this.unary('/GetFlightInfo', call, cb, (app) => this.flightInfo(app, call.request)),
      GetSchema: (call: Grpc.ServerUnaryCall<FlightDescriptorMsg, unknown>, cb: Grpc.sendUnaryData<unknown>) =>
        this.unary('/GetSchema', call, cb, async (app) => ({ schema: schemaToIpc(this.arrow, await this.schemaOf(app, commandOf(call.request))) })),
      DoGet: (call: Grpc.ServerWritableStream<TicketMsg, FlightDataMsg>) => this.stream('/DoGet', call, true, (app, dropAfter) => this.doGet(app as FlightApp, call, dropAfter)),
      DoPut: (call: Grpc.ServerDuplexStream<FlightDataMsg, unknown>) => this.stream('/DoPut', call, true, (app) => this.doPut(app as FlightApp, call)),
      DoExchange: (call: Grpc.ServerDuplexStream<unknown, unknown>) =>
        this.stream('/DoExchange', call, true, async () => {
          throw unimplemented('DoExchange is not supported');
        }),
      DoAction: (call: Grpc.ServerWritableStream<ActionMsg, unknown>) => this.stream('/DoAction', call, true, (app) => this.doAction(app as FlightApp, call)),
      ListActions: (call: Grpc.ServerWritableStream<unknown, unknown>) =>
        this.stream('/ListActions', call, true, async () => {
          call.write({ type: 'CreatePreparedStatement', description: 'Creates a reusable prepared statement resource on the server.' });
          call.write({ type: 'ClosePreparedStatement', description: 'Closes a reusable prepared statement resource on the server.' });
          call.end();
        }),
    };
  }

  // ─── call plumbing: faults, auth, errors, the request log ──────────────────

  /** Applies the fault rule for `path`; returns whether to drop after the first answer. */
  private async applyFault(path: string, call: AnyCall): Promise<'drop-after' | 'dropped' | undefined> {
    const picked = this.host.fault('FLIGHT', path);
    if (picked === undefined) return undefined;
    const rule: FaultRule = typeof picked === 'string' ? { action: picked } : picked;
    switch (rule.action) {
      case 'delay':
        await new Promise((r) => setTimeout(r, rule.delayMs ?? 1000));
        return undefined;
      case 'drop':
        this.dropConnection(call);
        return 'dropped';
      case 'drop-after':
      case 'truncated':
        return 'drop-after';
      case 'status':
      case 'html': {
        const status = rule.status ?? (rule.action === 'html' ? 502 : 500);
        const code = grpcCodeForHttp(status);
        if (code === Status.OK) return undefined;
        throw new FlightStatusError(code, `emulated fault: HTTP ${status} equivalent`);
      }
      default:
        // Body-shape faults (malformed-json, empty, wrong-content-type) have no gRPC analogue.
        throw internal(`emulated fault: ${rule.action}`);
    }
  }

  private dropConnection(call: AnyCall): void {
    this.socketFor(call.getPeer())?.destroy();
  }

  private async authenticate(call: AnyCall): Promise<FlightApp> {
    return appFor(this.host, this.sessions.keyFor(bearerOf(call.metadata)));
  }

  private toStatus(err: unknown): FlightStatusError {
    if (err instanceof FlightStatusError) return err;
    if (err instanceof SqlError || (err instanceof Error && err.name === 'SqlError')) return invalidArgument((err as Error).message);
    if (err instanceof ProtoDecodeError) return invalidArgument(`Invalid request: ${err.message}`);
    return internal('Internal error');
  }

  private record(path: string, t0: number, outcome: Outcome): void {
    const entry: { method: string; path: string; status: number; ms: number; app?: string } = {
      method: 'FLIGHT',
      path,
      status: outcome.status,
      ms: Math.round(performance.now() - t0),
    };
    if (outcome.app !== undefined) entry.app = outcome.app;
    this.host.record(entry);
  }

  private unary<R>(path: string, call: Grpc.ServerUnaryCall<unknown, unknown>, cb: Grpc.sendUnaryData<unknown>, body: (app: FlightApp) => Promise<R>): void {
    const t0 = performance.now();
    const outcome: Outcome = { status: 0 };
    void (async () => {
      try {
        const fault = await this.applyFault(path, call);
        if (fault === 'dropped') return;
        const app = await this.authenticate(call);
        outcome.app = app.name;
        const res = await body(app);
        if (fault === 'drop-after') {
          this.dropConnection(call);
          return;
        }
        outcome.status = 200;
        cb(null, res);
      } catch (err) {
        const st = this.toStatus(err);
        outcome.status = httpEquivalent(st.code);
        cb(st.toServiceError() as Grpc.ServiceError);
      } finally {
        this.record(path, t0, outcome);
      }
    })();
  }

  /**
   * Runs a streaming call. `body` writes and ends the call itself; a thrown error becomes
   * the call's status. `dropAfter` tells DoGet to drop the connection mid-stream.
   */
  private stream(
    path: string,
    call: Grpc.ServerWritableStream<unknown, unknown> | Grpc.ServerDuplexStream<unknown, unknown>,
    needsAuth: boolean,
    body: (app: FlightApp | undefined, dropAfter: boolean) => Promise<void | 'dropped'>,
  ): void {
    const t0 = performance.now();
    const outcome: Outcome = { status: 0 };
    void (async () => {
      try {
        const fault = await this.applyFault(path, call);
        if (fault === 'dropped') return;
        const app = needsAuth ? await this.authenticate(call) : undefined;
        if (app) outcome.app = app.name;
        const res = await body(app, fault === 'drop-after');
        if (res === 'dropped') return;
        if (fault === 'drop-after' && path !== '/DoGet') {
          this.dropConnection(call);
          return;
        }
        outcome.status = call.cancelled ? 499 : 200;
      } catch (err) {
        const st = this.toStatus(err);
        outcome.status = httpEquivalent(st.code);
        if (!call.cancelled) call.emit('error', st.toServiceError());
      } finally {
        this.record(path, t0, outcome);
      }
    })();
  }

  // ─── the calls ─────────────────────────────────────────────────────────────

  private async handshake(call: Grpc.ServerDuplexStream<HandshakeMsg, HandshakeMsg>): Promise<void> {
    let key = basicPasswordOf(call.metadata);
    if (key === undefined) {
      // No Basic header: a bearer header, or a BasicAuth payload in the first request.
      const auth = call.metadata.get('authorization')[0];
      if (auth !== undefined) key = this.sessions.keyFor(bearerOf(call.metadata));
      else key = decodeBasicAuth((await firstMessage(call))?.payload ?? Buffer.alloc(0))?.password;
    }
    if (key === undefined) throw unauthenticated('Invalid handshake request');
    await appFor(this.host, key);
    const token = this.sessions.open(key);
    const md = new this.grpc.Metadata();
    md.set('authorization', `Bearer ${token}`);
    md.set('x-session-id', token);
    call.sendMetadata(md);
    call.write({ protocolVersion: 0, payload: Buffer.from(token, 'utf8') });
    call.end();
  }

  private async flightInfo(app: FlightApp, descriptor: FlightDescriptorMsg): Promise<unknown> {
    const cmd = commandOf(descriptor);
    const schema = await this.schemaOf(app, cmd);
    return {
      schema: schemaToIpc(this.arrow, schema),
      flightDescriptor: descriptor,
      endpoint: [{ ticket: { ticket: ticketFor(cmd) }, location: [] }],
      totalRecords: -1,
      totalBytes: -1,
    };
  }

  /** The result schema of a command, planned but not run (bound prepared statements start and stop). */
  private async schemaOf(app: FlightApp, cmd: Command): Promise<ArrowNs.Schema> {
    const { sql, params } = this.resolve(app, cmd);
    if (params === undefined) return app.engine.describe(sql);
    const result = await app.engine.query(sql, params);
    await result.close();
    return result.schema;
  }

  private resolve(app: FlightApp, cmd: Command): { sql: string; params: SqlParams | undefined } {
    if (cmd.kind === 'sql') return { sql: cmd.sql, params: undefined };
    const p = this.prepared.get(app.id, cmd.handle);
    return { sql: p.sql, params: p.params };
  }

  private async doGet(app: FlightApp, call: Grpc.ServerWritableStream<TicketMsg, FlightDataMsg>, dropAfter: boolean): Promise<void | 'dropped'> {
    const { sql, params } = this.resolve(app, commandOfTicket(call.request.ticket));
    const abort = new AbortController();
    const onCancel = (): void => abort.abort();
    call.once('cancelled', onCancel);
    const result = await app.engine.query(sql, params, { signal: abort.signal });
    try {
      await write(call, schemaFlightData(this.arrow, result.schema), abort.signal);
      for await (const batch of result.batches()) {
        for (const msg of batchFlightData(this.arrow, batch)) await write(call, msg, abort.signal);
        if (abort.signal.aborted) return;
        if (dropAfter) {
          // Let the first batch reach the socket, then cut the connection mid-result.
          await new Promise((r) => setTimeout(r, 50));
          this.dropConnection(call);
          return 'dropped';
        }
      }
      if (!abort.signal.aborted) call.end();
    } finally {
      call.off('cancelled', onCancel);
      await result.close();
    }
  }

  private async doPut(app: FlightApp, call: Grpc.ServerDuplexStream<FlightDataMsg, unknown>): Promise<void> {
    let handle: Buffer | undefined;
    const chunks: Buffer[] = [];
    let bytes = 0;
    // Events, not `for await`: the async iterator destroys the duplex (and with it our
    // answer) when the client's half ends.
    await new Promise<void>((resolve, reject) => {
      const fail = (err: unknown): void => {
        call.off('data', onData);
        reject(err);
      };
      const onData = (msg: FlightDataMsg): void => {
        try {
          if (handle === undefined) {
            const cmd = commandOf(msg.flightDescriptor);
            if (cmd.kind !== 'prepared') throw unimplemented('DoPut supports only CommandPreparedStatementQuery (parameter binding)');
            this.prepared.get(app.id, cmd.handle);
            handle = cmd.handle;
          }
          const header = msg.dataHeader ?? Buffer.alloc(0);
          if (header.length === 0) return;
          const body = msg.dataBody ?? Buffer.alloc(0);
          bytes += header.length + body.length;
          if (bytes > MAX_PARAM_BYTES) throw invalidArgument('Parameter batch too large');
          chunks.push(frame(header, body));
        } catch (err) {
          fail(err);
        }
      };
      call.on('data', onData);
      call.once('end', () => resolve());
      call.once('error', fail);
    });
    if (handle === undefined) throw invalidArgument('DoPut without a flight descriptor');
    if (chunks.length === 0) throw invalidArgument('DoPut without a parameter batch');
    const table = this.arrow.tableFromIPC(Buffer.concat([...chunks, EOS]));
    this.prepared.bind(app.id, handle, paramsFromTable(table));
    // DoPutPreparedStatementResult{prepared_statement_handle}: the handle stays the same.
    call.write({ appMetadata: encodeFields([[1, handle]]) });
    call.end();
  }

  private async doAction(app: FlightApp, call: Grpc.ServerWritableStream<ActionMsg, unknown>): Promise<void> {
    const { type, body = Buffer.alloc(0) } = call.request;
    const any = decodeAny(body);
    switch (type) {
      case 'CreatePreparedStatement': {
        const sql = decodeQuery(any?.typeUrl === TypeUrl.ActionCreatePreparedStatementRequest ? any.value : body);
        if (sql.trim() === '') throw invalidArgument('Empty SQL in CreatePreparedStatement');
        let datasetSchema: Buffer | undefined;
        try {
          datasetSchema = schemaToIpc(this.arrow, await app.engine.describe(sql));
        } catch (err) {
          // Placeholders can make planning wait for the bound types; other errors are real.
          if (!sql.includes('$')) throw err;
        }
        const handle = this.prepared.create(app.id, sql);
        call.write({ body: encodePreparedStatementResult({ handle, datasetSchema }) });
        call.end();
        return;
      }
      case 'ClosePreparedStatement': {
        this.prepared.close(app.id, decodeHandle(any?.typeUrl === TypeUrl.ActionClosePreparedStatementRequest ? any.value : body));
        call.end();
        return;
      }
      default:
        throw unimplemented(`Unknown action: ${type}`);
    }
  }
}

/** Writes one message, waiting while gRPC's flow control says the client is behind. */
async function write(call: Grpc.ServerWritableStream<unknown, unknown>, msg: unknown, signal: AbortSignal): Promise<void> {
  if (signal.aborted || call.write(msg)) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      call.off('drain', done);
      call.off('close', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    call.on('drain', done);
    call.on('close', done);
    signal.addEventListener('abort', done);
  });
}

function firstMessage(call: Grpc.ServerDuplexStream<HandshakeMsg, HandshakeMsg>): Promise<HandshakeMsg | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(undefined), HANDSHAKE_WAIT_MS);
    const done = (m: HandshakeMsg | undefined): void => {
      clearTimeout(timer);
      call.off('data', onData);
      call.off('end', onEnd);
      resolve(m);
    };
    const onData = (m: HandshakeMsg): void => done(m);
    const onEnd = (): void => done(undefined);
    call.on('data', onData);
    call.once('end', onEnd);
  });
}

