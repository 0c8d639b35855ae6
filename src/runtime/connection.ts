/**
 * What `ctx.runtime(opts)` returns: one resolved runtime and the clients to reach it.
 *
 *   const rt = await ctx.runtime(opts.runtime);
 *   rt.target        // { httpBase, cloud, app?, apiKey (redacted everywhere), keySource, … }
 *   rt.http          // RuntimeHttp (X-API-Key, timeouts, retries, typed errors): src/runtime/http.ts
 *   await rt.flightAddress()  // { address: 'host:port', tls, source }, resolved once
 *   await rt.flight()         // a connected FlightClient (Arrow + gRPC loaded only now), closed at exit by the caller
 *
 * Resolution rules are in endpoint.ts; this file only wires them to the context's
 * dispatcher, clock, redactor, trace and Ctrl-C signal.
 */
// fs.promises, not node:fs/promises: the promise API (ten internal modules, ~2 ms) loads on
// first use, which only Flight with an extra CA file makes; chat and sql --http never do.
import { promises as fsp } from 'node:fs';
import type { RecordBatch, Schema } from 'apache-arrow';
import type { Clock } from '../api/http.js';
import { ApiError, UsageError } from '../errors.js';
import type { Redactor } from '../output/mask.js';
import { deriveCloudFlight, flightFromStatus, keyHint, parseFlightEndpoint, type FlightAddress, type RuntimeTarget } from './endpoint.js';
import { RuntimeHttp } from './http.js';

/** Positional (`$1`…) or named (`$name`) query parameters. */
export type QueryParams = ReadonlyArray<string | number | bigint | boolean | null> | Readonly<Record<string, string | number | bigint | boolean | null>>;

/** The Arrow Flight client's surface as the commands use it (implemented in src/runtime/flight.ts). */
export interface FlightQuery {
  schema: Schema;
  batches: AsyncIterable<RecordBatch>;
  /** Whether the runtime answered from its results cache (known once the stream has started). */
  cached?: boolean | Promise<boolean | undefined> | undefined;
}

export interface FlightClient {
  query(sql: string, params?: QueryParams, o?: { signal?: AbortSignal | undefined; headers?: Record<string, string> | undefined }): FlightQuery | Promise<FlightQuery>;
  close(): void | Promise<void>;
}

export interface RuntimeConnection {
  target: RuntimeTarget;
  http: RuntimeHttp;
  /** Where Flight is (flag, derived, or the runtime's /v1/status); resolved once. */
  flightAddress(): Promise<FlightAddress>;
  /** A connected Flight client; one per connection, created on first use. */
  flight(): Promise<FlightClient>;
}

export interface ConnectionDeps {
  userAgent: string;
  dispatcher: unknown;
  requestTimeoutMs: number;
  maxRetries: number;
  clock: Clock;
  redactor: Redactor;
  trace?: ((line: string) => void) | undefined;
  signal: AbortSignal;
  /** Test seam: a fake Flight module instead of src/runtime/flight.ts. */
  loadFlight?: (() => Promise<FlightModule>) | undefined;
  /**
   * NODE_EXTRA_CA_CERTS: Node trusts it for HTTPS on its own, but grpc-js does not, so its
   * certificates are handed to the Flight client (a TLS-inspecting proxy, a private CA).
   */
  extraCaFile?: string | undefined;
}

export function openConnection(target: RuntimeTarget, deps: ConnectionDeps): RuntimeConnection {
  const http = new RuntimeHttp({
    baseUrl: target.httpBase,
    apiKey: target.apiKey,
    userAgent: deps.userAgent,
    dispatcher: deps.dispatcher,
    requestTimeoutMs: deps.requestTimeoutMs,
    maxRetries: deps.maxRetries,
    clock: deps.clock,
    redactor: deps.redactor,
    trace: deps.trace,
    signal: deps.signal,
    authHint: keyHint(target),
  });

  let address: Promise<FlightAddress> | undefined;
  const flightAddress = () =>
    (address ??= (async () => {
      const https = target.httpBase.startsWith('https:');
      if (target.flightEndpoint) return parseFlightEndpoint(target.flightEndpoint, https);
      if (target.cloud) {
        const derived = deriveCloudFlight(target.httpBase);
        if (derived) return derived;
        throw new UsageError(`cannot derive the Arrow Flight address from ${new URL(target.httpBase).host}`, 'Pass --flight-endpoint <host:port>, or query over HTTP with --http.');
      }
      const { data } = await http.getJson<unknown>('/v1/status', { what: 'find the Flight address (runtime status)' });
      const found = flightFromStatus(data, target.httpBase);
      if (!found) {
        throw new ApiError("the runtime's /v1/status lists no flight endpoint", {
          code: 'no_flight',
          hint: 'Pass --flight-endpoint <host:port>, or query over HTTP with --http.',
        });
      }
      return found;
    })());

  let client: Promise<FlightClient> | undefined;
  const flight = () =>
    (client ??= (async () => {
      const where = await flightAddress();
      const mod = await (deps.loadFlight ?? loadFlight)();
      deps.trace?.(`* Arrow Flight ${where.tls ? 'grpc+tls' : 'grpc'}://${where.address} (${where.source})`);
      // Unreadable: Node itself only warns about it, so do the same and go on without it.
      const ca = where.tls && deps.extraCaFile ? await fsp.readFile(deps.extraCaFile).catch(() => undefined) : undefined;
      return mod.connectFlight({
        ...(ca ? { ca } : {}),
        address: where.address,
        tls: where.tls,
        apiKey: target.apiKey,
        userAgent: deps.userAgent,
        signal: deps.signal,
        authHint: keyHint(target),
      });
    })());

  return { target, http, flightAddress, flight };
}

export interface FlightModule {
  connectFlight(o: {
    address: string;
    tls: boolean;
    apiKey: string;
    userAgent: string;
    signal?: AbortSignal;
    authHint?: string;
    /** Extra trusted CA certificates (PEM). */
    ca?: Buffer;
  }): Promise<FlightClient> | FlightClient;
}

export async function loadFlight(): Promise<FlightModule> {
  // The Flight client (src/runtime/flight.ts) loads Arrow and gRPC: only now, never at startup.
  return import('./flight.js');
}
