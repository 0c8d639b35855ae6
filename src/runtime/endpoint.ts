/**
 * Which runtime ("data plane") a command talks to, and with which API key: resolved once,
 * with every precedence rule in this file.
 *
 * HTTP base URL
 *   1. `--endpoint <url>`            2. `SPICE_RUNTIME_URL`
 *   3. the app's `endpoint` field from the Management API (app from -a/--app, SPICE_APP,
 *      then the link file). A hosted app without one (Cloud Connect, not deployed) is an error.
 * Arrow Flight address (resolved only when a command asks for it: `target.flight()`)
 *   1. `--flight-endpoint <host:port>` (`grpc://` = plaintext, `grpc+tls://` = TLS; bare =
 *      TLS when the HTTP base is https)
 *   2. a `*.spiceai.io` host: `-data` → `-flight` in the first label (`data` → `flight`), port 443, TLS
 *   3. any other host (self-hosted, the emulator): the runtime's own `/v1/status` `flight`
 *      component; a wildcard bind address (0.0.0.0, ::) means the HTTP base's host.
 * API key
 *   1. `SPICE_APP_API_KEY`            2. `SPICE_API_KEY` (the official `spice` CLI's name)
 *   3. fetched through the Management API (`--key primary|secondary`, default primary).
 *   Kept in memory only, registered with the redactor the moment it is known.
 *
 * With a key from the environment and an endpoint from the flag or SPICE_RUNTIME_URL, no
 * Management API call is made and no Management token is needed.
 */
import type { Context } from '../context.js';
import { isLoopback } from '../config/auth.js';
import { NotFoundError, UsageError } from '../errors.js';
import { resolveApp, type AppRef, type ResolvedApp } from '../commands/shared/app.js';

export type KeyName = 'primary' | 'secondary';

/** What the shared runtime flags ask for (src/commands/shared/runtime-options.ts parses them). */
export interface RuntimeOptions {
  app?: AppRef | undefined;
  /** --endpoint, already checked to be an http(s) URL. */
  endpoint?: string | undefined;
  /** --flight-endpoint as given. */
  flightEndpoint?: string | undefined;
  key?: KeyName | undefined;
}

export type EndpointSource = '--endpoint' | 'SPICE_RUNTIME_URL' | 'app';
export type KeySource = 'SPICE_APP_API_KEY' | 'SPICE_API_KEY' | KeyName;

export interface FlightAddress {
  /** host:port (IPv6 hosts in brackets). */
  address: string;
  tls: boolean;
  source: '--flight-endpoint' | 'derived' | '/v1/status';
}

export interface RuntimeTarget {
  /** HTTP base URL without a trailing slash, e.g. https://us-west-2-prod-aws-data.spiceai.io */
  httpBase: string;
  endpointSource: EndpointSource;
  /** A Spice Cloud host (`*.spiceai.io`): 500-row HTTP cap, no HTTP parameters, Flight derived. */
  cloud: boolean;
  /** The app, when one was resolved (not with --endpoint and a key from the environment). */
  app?: { id: number; name: string } | undefined;
  apiKey: string;
  keySource: KeySource;
  /** --flight-endpoint as given, for `flightAddress()`. */
  flightEndpoint?: string | undefined;
}

export const CLOUD_HOST = /(^|\.)spiceai\.io$/i;

/** Normalises an endpoint (the API may give a bare host) to an origin-like base URL. */
export function normaliseBase(value: string, what: string): string {
  const text = value.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new UsageError(`invalid ${what} ${JSON.stringify(value)}: expected a URL such as https://host or http://127.0.0.1:8090`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new UsageError(`invalid ${what} ${JSON.stringify(value)}: the runtime's HTTP API needs an http:// or https:// URL`, 'Give the Flight address with --flight-endpoint <host:port>.');
  }
  if (u.username || u.password) throw new UsageError(`invalid ${what}: credentials do not belong in the URL; use SPICE_APP_API_KEY`);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

export async function resolveTarget(ctx: Context, opts: RuntimeOptions): Promise<RuntimeTarget> {
  const env = ctx.env;
  let endpoint: { base: string; source: EndpointSource } | undefined;
  if (opts.endpoint) endpoint = { base: normaliseBase(opts.endpoint, '--endpoint'), source: '--endpoint' };
  else if (env.SPICE_RUNTIME_URL) endpoint = { base: normaliseBase(env.SPICE_RUNTIME_URL, 'SPICE_RUNTIME_URL'), source: 'SPICE_RUNTIME_URL' };

  let key: { value: string; source: KeySource } | undefined;
  if (env.SPICE_APP_API_KEY) key = { value: env.SPICE_APP_API_KEY, source: 'SPICE_APP_API_KEY' };
  else if (env.SPICE_API_KEY) key = { value: env.SPICE_API_KEY, source: 'SPICE_API_KEY' };
  if (key) ctx.redactor.add(key.value);

  let app: ResolvedApp | undefined;
  if (!endpoint || !key) {
    app = await resolveApp(ctx, opts.app).catch((e: unknown) => {
      if (e instanceof UsageError && !opts.app && e.message === 'no app given') {
        const missing = !endpoint ? 'which runtime to query' : 'an API key for the runtime';
        throw new UsageError(
          `no app given, so there is no way to know ${missing}`,
          'Pass --app <app>, set SPICE_APP, or link this directory; for a self-hosted runtime set --endpoint <url> (or SPICE_RUNTIME_URL) and SPICE_APP_API_KEY.',
        );
      }
      throw e;
    });
  }

  if (!endpoint) {
    const api = await ctx.api();
    const full = await api.apps.get(app!.id);
    if (full.api_key) ctx.redactor.add(full.api_key);
    if (!full.endpoint) {
      throw new NotFoundError(`app "${full.name ?? app!.name}" has no runtime endpoint`, {
        code: 'no_endpoint',
        hint: 'It may not be deployed yet (`spice-cloud deploy`), or it is a Cloud Connect app whose runtime runs elsewhere: pass --endpoint <url> (or SPICE_RUNTIME_URL).',
      });
    }
    endpoint = { base: normaliseBase(full.endpoint, `endpoint of app "${full.name}"`), source: 'app' };
    app = { ...app!, name: full.name ?? app!.name };
  }

  if (!key) {
    const which = opts.key ?? 'primary';
    const keys = await (await ctx.api()).keys.get(app!.id);
    for (const k of [keys.api_key, keys.api_key_2]) if (k) ctx.redactor.add(k);
    const value = which === 'primary' ? keys.api_key : keys.api_key_2;
    if (!value) {
      throw new NotFoundError(`app "${app!.name}" has no ${which} API key`, {
        code: 'no_api_key',
        hint: `Create one with \`spice-cloud keys regenerate --${which} --app ${app!.name}\`, or set SPICE_APP_API_KEY.`,
      });
    }
    key = { value, source: which };
  }

  // A key this CLI fetched goes only where it cannot be read on the way.
  const u = new URL(endpoint.base);
  if (u.protocol === 'http:' && !isLoopback(u.hostname) && (key.source === 'primary' || key.source === 'secondary')) {
    throw new UsageError(
      `refusing to send the app's API key over plain http to ${u.host}`,
      'Use an https:// endpoint; plain http is used only for loopback addresses, or with a key you set yourself in SPICE_APP_API_KEY.',
    );
  }

  return {
    httpBase: endpoint.base,
    endpointSource: endpoint.source,
    cloud: CLOUD_HOST.test(u.hostname),
    app: app ? { id: app.id, name: app.name } : undefined,
    apiKey: key.value,
    keySource: key.source,
    flightEndpoint: opts.flightEndpoint,
  };
}

/** --flight-endpoint: `host:port`, `grpc://host:port` or `grpc+tls://host:port`. */
export function parseFlightEndpoint(value: string, httpsBase: boolean): FlightAddress {
  const m = /^(?:(grpc|grpc\+tls|grpcs|http|https):\/\/)?(\[[0-9a-f:.]+\]|[^:/\s[\]]+)(?::(\d{1,5}))?\/?$/i.exec(value.trim());
  if (!m) throw new UsageError(`invalid --flight-endpoint ${JSON.stringify(value)}: expected host:port, grpc://host:port or grpc+tls://host:port`);
  const scheme = m[1]?.toLowerCase();
  const tls = scheme ? scheme === 'grpc+tls' || scheme === 'grpcs' || scheme === 'https' : httpsBase;
  const port = m[3] ? Number(m[3]) : tls ? 443 : undefined;
  if (port === undefined || port < 1 || port > 65535) {
    throw new UsageError(`invalid --flight-endpoint ${JSON.stringify(value)}: give the port (host:port)`);
  }
  return { address: `${m[2]}:${port}`, tls, source: '--flight-endpoint' };
}

/** `-data` → `-flight` in the first host label of a Spice Cloud host; undefined when it has none. */
export function deriveCloudFlight(httpBase: string): FlightAddress | undefined {
  const u = new URL(httpBase);
  const [first, ...rest] = u.hostname.split('.');
  if (!first || !CLOUD_HOST.test(u.hostname)) return undefined;
  let label: string | undefined;
  if (first === 'data') label = 'flight';
  else if (first.endsWith('-data')) label = `${first.slice(0, -'-data'.length)}-flight`;
  else if (first.includes('-data-')) label = first.replace('-data-', '-flight-');
  if (!label) return undefined;
  return { address: `${[label, ...rest].join('.')}:443`, tls: true, source: 'derived' };
}

export interface StatusComponent {
  name?: unknown;
  endpoint?: unknown;
  status?: unknown;
}

/** The Flight address from a runtime's `/v1/status` answer; a wildcard bind means the HTTP host. */
export function flightFromStatus(components: unknown, httpBase: string): FlightAddress | undefined {
  if (!Array.isArray(components)) return undefined;
  const c = (components as StatusComponent[]).find((x) => String(x?.name).toLowerCase() === 'flight');
  if (!c || typeof c.endpoint !== 'string' || c.endpoint === '') return undefined;
  const base = new URL(httpBase);
  const https = base.protocol === 'https:';
  const m = /^(?:(grpc|grpc\+tls|grpcs|http|https):\/\/)?(\[[0-9a-f:.]+\]|[^:/\s[\]]+)?:(\d{1,5})\/?$/i.exec(c.endpoint.trim());
  if (!m) return undefined;
  const scheme = m[1]?.toLowerCase();
  const tls = scheme ? scheme === 'grpc+tls' || scheme === 'grpcs' || scheme === 'https' : https;
  let host = m[2] ?? '';
  if (host === '' || host === '0.0.0.0' || host === '[::]' || host === '::') host = base.hostname;
  return { address: `${host}:${m[3]}`, tls, source: '/v1/status' };
}

/** Where a key came from, for hints ("the key may have been regenerated"). */
export function keyHint(t: Pick<RuntimeTarget, 'keySource' | 'app'>): string {
  switch (t.keySource) {
    case 'SPICE_APP_API_KEY':
    case 'SPICE_API_KEY':
      return `The runtime refused the key in ${t.keySource}; it may have been regenerated. Unset it to use the app's current key, or check \`spice-cloud keys get${t.app ? ` --app ${t.app.name}` : ''}\`.`;
    default:
      return `The runtime refused the app's ${t.keySource} API key; it may have just been regenerated (try again in a moment), or use --key ${t.keySource === 'primary' ? 'secondary' : 'primary'}.`;
  }
}
