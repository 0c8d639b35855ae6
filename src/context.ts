/**
 * Everything a command touches, passed in: streams, output writer, API client (built on
 * first use), config store, prompter, clock, Ctrl-C signal. `main.ts` builds the real
 * one; tests build theirs with test/helpers/context.ts. Commands import no globals.
 */
import { onAbort } from './abort.js';
import { Api } from './api/resources.js';
import { HttpClient, type Clock, type RetryNotice } from './api/http.js';
import { ClientCredentialsSession, RenewingHttpClient, type TokenCache } from './api/oauth.js';
import { assertSafeTransport, deriveOAuthUrl, resolveAuth, type ResolvedAuth } from './config/auth.js';
import { configDir, openConfigStore, type CachedAccessToken, type ConfigStore } from './config/store.js';
import { findLink } from './commands/shared/link-file.js';
import { AuthError } from './errors.js';
import type { IO } from './io.js';
import { Redactor } from './output/mask.js';
import { startProgress, type Progress, type ProgressOptions } from './output/progress.js';
import { makeStyle, type Style } from './output/style.js';
import type { OutputFormat } from './output/format.js';
import { Output } from './output/writer.js';
import { stepSummary, type StepSummary } from './ci/github.js';
import { inquirerPrompter, type Prompter } from './prompt.js';
import type { FlightModule, RuntimeConnection } from './runtime/connection.js';
import type { RuntimeOptions } from './runtime/endpoint.js';
import { childProcess } from './builtins.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** Options every command accepts (see `help environment` for their env twins). */
export interface Globals {
  json: boolean;
  /** --format; undefined means the default for the stream (table on a terminal, TSV piped, JSON with --json). */
  format?: OutputFormat | undefined;
  /** false with --no-headers. */
  headers: boolean;
  verbose: boolean;
  color: boolean;
  /** false with --no-input or SPICE_NO_INPUT: never prompt. */
  input: boolean;
  apiUrl?: string | undefined;
  profile?: string | undefined;
  org?: string | undefined;
  /** Overall budget for the command's requests, retries included. */
  timeoutMs?: number | undefined;
  /** --jq: a jq filter for the JSON output (implies JSON). */
  jq?: string | undefined;
  /** --fields: the JSON fields to keep (implies JSON unless --format says otherwise). */
  fields?: string[] | undefined;
}

export interface ApiOptions {
  /** Absolute deadline overriding the --timeout budget (deploy --wait sets its own). */
  deadline?: number;
  /** Skip credentials (health, doctor's reachability check). */
  anonymous?: boolean;
  /**
   * Use this token (and API URL/org) instead of the resolved credentials: `auth login`
   * checks a token before storing it. The budget then starts now, not at command start,
   * since a prompt may have taken a while.
   */
  candidate?: { token: string; apiUrl: string; org: string | undefined };
  /**
   * The web host instead of the API (browser login, identity): the origin of the OAuth
   * token URL, so SPICE_OAUTH_URL moves it too. With `candidate`, derived from its API URL.
   */
  web?: boolean;
  /**
   * What aborts requests (default: Ctrl-C). `null` lets in-flight requests finish after
   * the first Ctrl-C (bulk commands stop starting new ones themselves; a second Ctrl-C
   * still exits at once).
   */
  signal?: AbortSignal | null;
  /** Largest response body accepted (`api --max-response`); default 16 MiB. */
  maxResponseBytes?: number;
}

export interface Context {
  io: IO;
  env: Env;
  cwd: string;
  version: string;
  /** The Node.js version running us (doctor, User-Agent). */
  nodeVersion: string;
  /** process.platform (browser login opens a browser only on a desktop). */
  platform: string;
  /** Opens a URL in the desktop's browser; false when that could not be started. */
  openUrl(url: string): Promise<boolean>;
  globals: Globals;
  out: Output;
  /** Styles for stdout and stderr. */
  style: Style;
  errStyle: Style;
  redactor: Redactor;
  clock: Clock;
  signal: AbortSignal;
  /** stdin and stdout are terminals and prompts are allowed. */
  canPrompt: boolean;
  prompter: Prompter;
  auth(): Promise<ResolvedAuth>;
  api(opts?: ApiOptions): Promise<Api>;
  /**
   * The app's runtime (data plane): endpoint, API key and clients, resolved on first use
   * (see src/runtime/endpoint.ts for the precedence, src/runtime/connection.ts for the
   * result). Calls with the same options share one connection.
   */
  runtime(opts: RuntimeOptions): Promise<RuntimeConnection>;
  config(): Promise<ConfigStore>;
  /** Where the name → ID cache lives (config/app-ids.ts); null: no cache (tests with an in-memory store). */
  appIdsDir: string | null;
  progress(text: string, opts?: ProgressOptions): Promise<Progress>;
  /** GitHub Actions step summary ($GITHUB_STEP_SUMMARY); `enabled` is false elsewhere. */
  summary: StepSummary;
}

const RETRY_REASON: Record<RetryNotice['reason'], string> = {
  unreachable: 'API unreachable',
  unavailable: 'API unavailable',
  rate_limited: 'API rate limit reached',
  timeout: 'API did not answer in time',
};

/** 2s, 0.3s: how long until the next attempt. */
function waitText(ms: number): string {
  return ms < 950 ? `${Math.max(0.1, Math.round(ms / 100) / 10)}s` : `${Math.round(ms / 1000)}s`;
}

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface ContextDeps {
  io: IO;
  env: Env;
  cwd: string;
  version: string;
  globals: Globals;
  signal: AbortSignal;
  clock?: Clock;
  /** Test seam: an undici Dispatcher (MockAgent). */
  dispatcher?: unknown;
  prompter?: Prompter;
  configStore?: ConfigStore;
  /** Default: the config directory, or none when `configStore` is injected. */
  appIdsDir?: string | null;
  maxRetries?: number;
  requestTimeoutMs?: number;
  nodeVersion?: string;
  platform?: string;
  openUrl?: (url: string) => Promise<boolean>;
  /** Test seam: a fake Arrow Flight client module. */
  flightModule?: FlightModule;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const t = setTimeout(() => {
        stop?.();
        resolve();
      }, ms);
      const stop = signal
        ? onAbort(signal, (reason) => {
            clearTimeout(t);
            reject(reason);
          })
        : undefined;
    }),
};

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

export async function createContext(deps: ContextDeps): Promise<Context> {
  const { io, env, globals } = deps;
  const clock = deps.clock ?? systemClock;
  const redactor = new Redactor();
  const [style, errStyle] = await Promise.all([makeStyle(io.colorStdout), makeStyle(io.colorStderr)]);
  const out = new Output(io, {
    json: globals.json,
    format: globals.format,
    headers: globals.headers,
    fields: globals.fields,
    jq: globals.jq,
    signal: deps.signal,
    redactor,
    style,
    errStyle,
    now: clock.now,
  });
  // stdout first: a piped command never opens stdin to ask whether it is a terminal (io.ts).
  const canPrompt = io.isStdoutTTY && io.isStdinTTY && globals.input;
  const started = clock.now();

  let store: Promise<ConfigStore> | undefined;
  const config = () => (store ??= deps.configStore ? Promise.resolve(deps.configStore) : openConfigStore(configDir(env)));
  // A corrupt link file is reported where the app is resolved, not here.
  const linkedOrg = async () => (await findLink(deps.cwd, { home: env.HOME }).catch(() => undefined))?.data.org;
  let auth: Promise<ResolvedAuth> | undefined;
  const getAuth = () =>
    (auth ??= resolveAuth(globals, env, config, linkedOrg).then((a) => {
      redactor.add(a.token);
      redactor.add(a.clientSecret);
      return a;
    }));

  let dispatcher: Promise<unknown> | undefined;
  const getDispatcher = () =>
    (dispatcher ??= (async () => {
      if (deps.dispatcher) return deps.dispatcher;
      if (!PROXY_VARS.some((v) => env[v])) return undefined; // Node's own keep-alive agent
      const { EnvHttpProxyAgent } = await import('undici');
      return new EnvHttpProxyAgent({ keepAliveTimeout: 30_000 });
    })());

  const userAgent = () => `spice-cloud/${deps.version}${deps.nodeVersion ? ` node/${deps.nodeVersion}` : ''}`;
  const requestTimeoutMs = () => deps.requestTimeoutMs ?? (Number(env.SPICE_HTTP_TIMEOUT) * 1000 || DEFAULT_REQUEST_TIMEOUT_MS);
  const trace = globals.verbose ? (line: string) => io.stderr.write(`${line}\n`) : undefined;
  // Progress being shown, so a retry notice prints above its spinner.
  let activeProgress: Progress | undefined;
  // Retries are said on a terminal (`API unreachable, retrying in 2s (2/4)…`); piped, the
  // --verbose trace has them.
  const onRetry = io.isStderrTTY ? (n: RetryNotice) => {
    const status = n.reason === 'unavailable' && n.error.status ? ` (HTTP ${n.error.status})` : '';
    const line = `${RETRY_REASON[n.reason]}${status}, retrying in ${waitText(n.waitMs)} (${n.retry}/${n.maxRetries})…`;
    if (activeProgress) activeProgress.note(line);
    else io.stderr.write(`${line}\n`);
  } : undefined;
  const httpFor = async (
    baseUrl: string,
    token: (() => Promise<string>) | undefined,
    org: string | undefined,
    deadline: number,
    signal: AbortSignal | undefined = deps.signal,
    session?: ClientCredentialsSession,
    maxResponseBytes?: number,
  ) => {
    const opts = {
      baseUrl,
      token,
      org,
      userAgent: userAgent(),
      dispatcher: await getDispatcher(),
      requestTimeoutMs: requestTimeoutMs(),
      deadline,
      maxRetries: deps.maxRetries ?? 4,
      clock,
      redactor,
      trace,
      signal,
      maxResponseBytes,
      onRetry,
    };
    return session ? new RenewingHttpClient(opts, session) : new HttpClient(opts);
  };

  const api = async (o: ApiOptions = {}): Promise<Api> => {
    if (o.candidate) {
      const c = o.candidate;
      assertSafeTransport(c.apiUrl);
      if (c.token) redactor.add(c.token);
      const deadline = o.deadline ?? clock.now() + (globals.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const base = o.web ? webOrigin(env.SPICE_OAUTH_URL || deriveOAuthUrl(c.apiUrl)) : c.apiUrl;
      assertSafeTransport(base);
      return new Api(await httpFor(base, c.token ? async () => c.token : undefined, c.org, deadline, signalOf(o)), (v) => redactor.add(v));
    }
    const a = await getAuth();
    const deadline = o.deadline ?? started + (globals.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let token: (() => Promise<string>) | undefined;
    let session: ClientCredentialsSession | undefined;
    if (!o.anonymous) {
      if (a.source === 'none') {
        throw new AuthError('not logged in: no API token found', {
          code: 'no_token',
          hint: 'Set SPICE_API_TOKEN, set SPICE_CLIENT_ID and SPICE_CLIENT_SECRET, or run `spice-cloud auth login`.',
        });
      }
      assertSafeTransport(a.apiUrl);
      if (a.source === 'client-credentials') session = await clientCredentialsSession(a, deadline);
      else token = staticToken(a.token!);
    }
    const base = o.web ? webOrigin(a.oauthUrl) : a.apiUrl;
    if (o.web && !o.anonymous) assertSafeTransport(base);
    return new Api(await httpFor(base, token, a.org, deadline, signalOf(o), session, o.maxResponseBytes), (v) => redactor.add(v));
  };

  const runtimes = new Map<string, Promise<RuntimeConnection>>();
  const runtime = (o: RuntimeOptions): Promise<RuntimeConnection> => {
    const id = JSON.stringify([o.app?.text, o.endpoint, o.flightEndpoint, o.key]);
    let conn = runtimes.get(id);
    if (!conn) {
      conn = (async () => {
        const [{ resolveTarget }, { openConnection }] = await Promise.all([import('./runtime/endpoint.js'), import('./runtime/connection.js')]);
        const target = await resolveTarget(ctx, o);
        return openConnection(target, {
          userAgent: userAgent(),
          dispatcher: await getDispatcher(),
          requestTimeoutMs: requestTimeoutMs(),
          maxRetries: deps.maxRetries ?? 4,
          clock,
          redactor,
          trace,
          signal: deps.signal,
          loadFlight: deps.flightModule ? async () => deps.flightModule! : undefined,
          extraCaFile: env.NODE_EXTRA_CA_CERTS,
        });
      })();
      runtimes.set(id, conn);
    }
    return conn;
  };

  const signalOf = (o: ApiOptions) => (o.signal === null ? undefined : (o.signal ?? deps.signal));
  const staticToken = (value: string) => async () => value;
  /** SPICE_CLIENT_ID/SECRET: a cached token while fresh, else one exchange; renewed after an API 401 (RenewingHttpClient). */
  const clientCredentialsSession = async (a: ResolvedAuth, deadline: number) => {
    assertSafeTransport(a.oauthUrl);
    const oauthHttp = await httpFor(new URL(a.oauthUrl).origin, undefined, undefined, deadline);
    const creds = { clientId: a.clientId!, clientSecret: a.clientSecret!, oauthUrl: a.oauthUrl };
    const store = () => tokenCache();
    return new ClientCredentialsSession(oauthHttp, creds, clock.now, store, (t) => redactor.add(t), trace && ((l) => trace(redactor.redact(l))));
  };

  /** Cached OAuth access tokens follow the token's rule: the OS keychain, else the 0600 file. */
  const tokenCache = async (): Promise<TokenCache | undefined> => {
    const file = await config().catch(() => undefined);
    if (deps.configStore) return file; // unit tests: the in-memory store only
    const { openKeychain, oauthAccount } = await import('./config/keychain.js');
    // Probed (a write that must succeed): a half-working keychain must not shadow the file cache.
    const kc = await openKeychain(env);
    return {
      async getCachedToken(key) {
        if (kc.ok) {
          const v = await kc.keychain.get(oauthAccount(key)).catch(() => undefined);
          if (v) return JSON.parse(v) as CachedAccessToken;
        }
        return file?.getCachedToken(key);
      },
      async setCachedToken(key, token) {
        if (kc.ok && (await kc.keychain.set(oauthAccount(key), JSON.stringify(token)).then(() => true, () => false))) return;
        file?.setCachedToken(key, token);
      },
    };
  };

  const ctx: Context = {
    io,
    env,
    cwd: deps.cwd,
    version: deps.version,
    nodeVersion: deps.nodeVersion ?? 'unknown',
    platform: deps.platform ?? 'linux',
    openUrl: deps.openUrl ?? openInBrowser(deps.platform ?? 'linux'),
    globals,
    out,
    style,
    errStyle,
    redactor,
    clock,
    signal: deps.signal,
    canPrompt,
    prompter: deps.prompter ?? inquirerPrompter(io, deps.signal),
    auth: getAuth,
    api,
    runtime,
    config,
    appIdsDir: deps.appIdsDir !== undefined ? deps.appIdsDir : deps.configStore ? null : configDir(env),
    progress: async (text, o) => {
      const p = await startProgress(io, redactor, text, o);
      const done = <A extends unknown[]>(f: (...a: A) => void) => (...a: A) => {
        if (activeProgress === tracked) activeProgress = undefined;
        f(...a);
      };
      const tracked: Progress = { ...p, succeed: done(p.succeed), fail: done(p.fail), stop: done(p.stop) };
      activeProgress = tracked;
      return tracked;
    },
    summary: stepSummary(env, redactor, (t) => out.warn(t)),
  };
  return ctx;
}

/** The origin of a URL (the web host of the OAuth token URL). */
function webOrigin(url: string): string {
  return new URL(url).origin;
}

/** xdg-open / open / start, detached; resolves false when it cannot be started. */
function openInBrowser(platform: string): (url: string) => Promise<boolean> {
  return async (url) => {
    const { spawn } = childProcess();
    const [cmd, args] = platform === 'darwin' ? ['open', [url]] : platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
    return new Promise<boolean>((resolve) => {
      try {
        const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
        child.once('error', () => resolve(false));
        child.once('spawn', () => {
          child.unref();
          resolve(true);
        });
      } catch {
        resolve(false);
      }
    });
  };
}
