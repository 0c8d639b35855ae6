/**
 * Starts the emulated runtime next to the Management API emulator: the runtime host
 * (host.ts), its HTTP server (http.ts + the route modules) and the Arrow Flight server
 * (flight.ts). `startEmulator()` calls `startRuntime()`; nothing here is loaded by the
 * CLI except through `spice-cloud emulator`.
 */
import { resolve } from 'node:path';
import type { FaultSet } from '../faults.js';
import type { Store } from '../store.js';
import type { RequestLogEntry, RuntimeOptions } from '../types.js';
import { postChat } from './chat.js';
import { EmulatedRuntimeHost } from './host.js';
import { reachableHost, RuntimeHttpServer, type RouteDef, type RuntimeSettings } from './http.js';
import { datasets, health, models, ready, spicepods, status } from './listing.js';
import { postNsql } from './nsql.js';
import { postSearch } from './search.js';
import { postSql } from './sql.js';

export interface RunningRuntime {
  /** HTTP base, e.g. http://127.0.0.1:8090. */
  url: string;
  port: number;
  /** grpc://host:port of the Flight server; null when it is not started. */
  flightAddress: string | null;
  host: EmulatedRuntimeHost;
  close(): Promise<void>;
}

export interface RuntimeDeps {
  store: Store;
  faults: FaultSet;
  log: (entry: RequestLogEntry) => void;
}

const ROUTES: RouteDef[] = [
  { method: 'GET', path: '/health', auth: false, handler: health },
  { method: 'GET', path: '/v1/ready', auth: false, handler: ready },
  { method: 'POST', path: '/v1/sql', auth: true, handler: postSql },
  { method: 'GET', path: '/v1/datasets', auth: true, handler: datasets },
  { method: 'GET', path: '/v1/models', auth: true, handler: models },
  { method: 'GET', path: '/v1/status', auth: true, handler: status },
  { method: 'GET', path: '/v1/spicepods', auth: true, handler: spicepods },
  { method: 'POST', path: '/v1/search', auth: true, handler: postSearch },
  { method: 'POST', path: '/v1/chat/completions', auth: true, handler: postChat },
  { method: 'POST', path: '/v1/nsql', auth: true, handler: postNsql },
];

export async function startRuntime(deps: RuntimeDeps, host: string, opts: RuntimeOptions = {}): Promise<RunningRuntime> {
  const settings: RuntimeSettings = {
    cloudLimits: opts.cloudLimits ?? false,
    chatTokenDelayMs: opts.chatTokenDelayMs ?? 0,
    chatDone: opts.chatDone ?? false,
    keepAliveMs: opts.keepAliveMs ?? 30_000,
    rowCap: 500,
    timeoutMs: opts.cloudTimeoutMs ?? 90_000,
  };
  const runtimeHost = new EmulatedRuntimeHost({
    store: deps.store,
    faults: deps.faults,
    log: deps.log,
    dataDir: resolve(opts.dataDir ?? process.cwd()),
    cloudLimits: settings.cloudLimits,
  });
  const http = new RuntimeHttpServer(runtimeHost, settings, ROUTES);
  const port = await http.listen(opts.port ?? 0, host);
  const reachable = reachableHost(host);
  const urlHost = reachable.includes(':') ? `[${reachable}]` : reachable;

  // ---- Arrow Flight (flight.ts) on the same host; /v1/status and the start lines name it.
  let flight: { address: string; close(): Promise<void> } | null = null;
  if (opts.flight !== false) {
    try {
      const { startFlightServer } = await import('./flight.js');
      const running = await startFlightServer(runtimeHost, { host, port: opts.flightPort ?? 0, ...(opts.flightTls ? { tls: opts.flightTls } : {}) });
      flight = { address: `${opts.flightTls ? 'grpc+tls' : 'grpc'}://${urlHost}:${running.port}`, close: running.close };
    } catch (err) {
      await http.close();
      await runtimeHost.close();
      throw err;
    }
  }
  http.setFlightAddress(flight?.address ?? null);

  let closed = false;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    flightAddress: flight?.address ?? null,
    host: runtimeHost,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([http.close(), flight?.close()]);
      await runtimeHost.close();
    },
  };
}
