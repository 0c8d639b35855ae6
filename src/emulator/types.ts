/**
 * Public types of the emulator. `index.ts` re-exports these; other parts of the CLI
 * (the `spice-cloud emulator` command, e2e tests) depend on exactly these shapes.
 */

/** The canned misbehaviours a fault rule can inject. See docs/emulator.md. */
export type FaultAction =
  | 'status'
  | 'drop'
  | 'drop-after'
  | 'delay'
  | 'malformed-json'
  | 'html'
  | 'empty'
  | 'truncated'
  | 'wrong-content-type'
  | 'empty-200';

export interface FaultRule {
  /** HTTP method, case-insensitive; omitted or '*' = any. */
  method?: string;
  /** Glob against the path without query: '*' matches one segment, '**' any number. Omitted = any. */
  path?: string;
  action: FaultAction;
  /** For 'status' (default 500) and 'html' (default 502). */
  status?: number;
  /** Seconds, sent as Retry-After with 'status'. */
  retryAfter?: number;
  /** For 'delay' (default 1000). */
  delayMs?: number;
  /** Apply to the next N matching requests, then expire. Omitted = forever. */
  count?: number;
  /** 0..1, chance that a matching request is faulted. Omitted = 1. */
  probability?: number;
}

/** The emulated runtime (data plane) started next to the Management API; see docs/emulator.md. */
export interface RuntimeOptions {
  /** HTTP port of the runtime (0 = ephemeral, the default here; the CLI defaults to 8090). */
  port?: number;
  /** Arrow Flight port (0 = ephemeral, the default here; the CLI defaults to 50051). */
  flightPort?: number;
  /** false: do not start the Flight server. */
  flight?: boolean;
  /**
   * Serve Flight over TLS with this certificate and key (PEM). The official SDK sends its
   * `authorization` metadata only over TLS, so it needs this to query the emulator.
   */
  flightTls?: { cert: string | Buffer; key: string | Buffer };
  /** Where `file:` datasets are read (the only directory queries may read). Default: cwd. */
  dataDir?: string;
  /** Emulate the cloud gateway: 500 rows and 90 s per HTTP SQL request. */
  cloudLimits?: boolean;
  /** The cloud limits' request time limit (default 90 000 ms; tests shorten it). */
  cloudTimeoutMs?: number;
  /** Emulated chat models: delay between streamed tokens (benchmarks). Default 0. */
  chatTokenDelayMs?: number;
  /** End chat SSE streams with `data: [DONE]` (default: EOF only, like the runtime). */
  chatDone?: boolean;
  /** SSE keep-alive comment interval (default 30 s). */
  keepAliveMs?: number;
}

export interface EmulatorOptions {
  host?: string;
  /** When set, the /__emulator admin routes need this token (X-Emulator-Admin-Token or Bearer). */
  adminToken?: string | undefined;
  port?: number;
  stateFile?: string;
  tokens?: string[];
  defaultToken?: string;
  clients?: string[];
  tokenTtlSeconds?: number;
  queuedMs?: number;
  runningMs?: number;
  rateLimit?: number;
  latencyMs?: number;
  faults?: FaultRule[];
  now?: () => number;
  /** The emulated runtime: started unless false (ephemeral ports unless given). */
  runtime?: RuntimeOptions | false;
  /**
   * Strict mode: a create without `cname` or `cluster_name` makes a Cloud Connect project
   * (no hosted runtime, no endpoint), as the Rust client describes the create endpoint;
   * list endpoints page at the documented default of 20.
   */
  strict?: boolean;
}

/** One handled (non-admin) request. Never carries a body, a header or a secret value. */
export interface RequestLogEntry {
  method: string;
  /** Path with query string (values of secret-looking query keys are redacted). */
  path: string;
  /** HTTP status sent; 0 when the connection was dropped without an answer. */
  status: number;
  /** ISO time the request arrived (emulator clock). */
  at: string;
  /** 'runtime' for the emulated runtime's HTTP routes and Flight calls; absent for the Management API. */
  plane?: 'runtime';
  /** Runtime entries: milliseconds spent, and the app the API key selected (never the key). */
  ms?: number;
  app?: string;
}

export interface RunningEmulator {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
  requests(): RequestLogEntry[];
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  snapshot(): unknown;
  /** The emulated runtime; null with `runtime: false`. */
  runtime: { url: string; port: number; flightAddress: string | null } | null;
}
