/**
 * The checks `doctor` runs. Each returns rows and never throws: a failure is a row.
 * Order matters only for reading; each check stands alone.
 */
import { stat } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import type { Health } from '../../api/types.js';
import type { ResolvedAuth } from '../../config/auth.js';
import { configDir } from '../../config/store.js';
import type { Context } from '../../context.js';
import { AuthError, CliError } from '../../errors.js';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
  /** The failure is the credentials' fault (exit 4 rather than 1). */
  auth?: boolean;
}

const row = (name: string, status: CheckStatus, detail: string, auth?: boolean): Check => (auth ? { name, status, detail, auth } : { name, status, detail });

const MIN_NODE = [20, 18, 1];

export function versionCheck(ctx: Context): Check {
  return row('version', 'pass', `spice-cloud ${ctx.version}`);
}

export function nodeCheck(ctx: Context): Check {
  const v = ctx.nodeVersion === 'unknown' ? undefined : ctx.nodeVersion;
  const where = `${platform()} ${arch()}`;
  if (!v) return row('node', 'warn', `version unknown (${where})`);
  const parts = v.split('.').map((n) => Number.parseInt(n, 10) || 0);
  return olderThan(parts, MIN_NODE) ? row('node', 'fail', `Node.js ${v} (${where}); spice-cloud needs ${MIN_NODE.join('.')} or later`) : row('node', 'pass', `Node.js ${v} (${where})`);
}

function olderThan(v: number[], min: number[]): boolean {
  for (let i = 0; i < min.length; i++) if ((v[i] ?? 0) !== min[i]) return (v[i] ?? 0) < min[i]!;
  return false;
}

/** The credential store must be private: 0600 file in a 0700 directory. Absent is fine. */
export async function configCheck(ctx: Context): Promise<Check> {
  const dir = configDir(ctx.env);
  const file = join(dir, 'config.json');
  if (platform() === 'win32') return row('config', 'pass', `${file} (permissions are not checked on Windows)`);
  try {
    const d = await statOrUndefined(dir);
    if (!d) return row('config', 'pass', `${file} (not created yet)`);
    if ((d.mode & 0o077) !== 0) return row('config', 'warn', `${dir} is ${octal(d.mode)}, readable by others; run: chmod 700 ${dir}`);
    const f = await statOrUndefined(file);
    if (!f) return row('config', 'pass', `${file} (not created yet)`);
    if ((f.mode & 0o077) !== 0) return row('config', 'warn', `${file} is ${octal(f.mode)}, readable by others; run: chmod 600 ${file}`);
    return row('config', 'pass', `${file} (${octal(f.mode)})`);
  } catch (e) {
    return row('config', 'fail', `cannot inspect ${file}: ${(e as Error).message}`);
  }
}

async function statOrUndefined(p: string) {
  try {
    return await stat(p);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw e;
  }
}

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}

/** Which proxy undici's EnvHttpProxyAgent will use for the API URL (lower case wins, as there). */
export function proxyFor(env: Context['env'], apiUrl: string): { variable?: string; value?: string; bypassed: boolean } {
  const u = new URL(apiUrl);
  const pick = (lower: string, upper: string) => (env[lower] !== undefined ? { variable: lower, value: env[lower] } : env[upper] !== undefined ? { variable: upper, value: env[upper] } : {});
  const http = pick('http_proxy', 'HTTP_PROXY');
  const https = pick('https_proxy', 'HTTPS_PROXY');
  const chosen = u.protocol === 'https:' && https.value ? https : http;
  if (!chosen.value) return { bypassed: false };
  const host = u.hostname.toLowerCase();
  const port = Number(u.port) || (u.protocol === 'https:' ? 443 : 80);
  const noProxy = env.no_proxy ?? env.NO_PROXY ?? '';
  const bypassed =
    noProxy === '*' ||
    noProxy
      .split(/[,\s]/)
      .filter(Boolean)
      .some((entry) => {
        const m = /^(.+):(\d+)$/.exec(entry);
        const h = (m ? m[1]! : entry).replace(/^\*?\./, '').toLowerCase();
        if (m && Number(m[2]) !== port) return false;
        return host === h || host.endsWith(`.${h}`);
      });
  return { ...chosen, bypassed };
}

/** A proxy URL without its credentials; undefined unless it is an http(s) URL, as undici requires. */
export function safeProxyUrl(value: string): string | undefined {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    if (u.username || u.password) {
      u.username = '***';
      u.password = '';
    }
    return u.toString().replace(/\/$/, '');
  } catch {
    return undefined;
  }
}

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

export function proxyCheck(ctx: Context, apiUrl: string | undefined): Check {
  const set = PROXY_VARS.filter((v) => ctx.env[v] !== undefined && ctx.env[v] !== '');
  const extraCa = ctx.env.NODE_EXTRA_CA_CERTS ? `; NODE_EXTRA_CA_CERTS=${ctx.env.NODE_EXTRA_CA_CERTS}` : '';
  if (set.length === 0) return row('proxy', 'pass', `none set: direct connection${extraCa}`);
  const shown: string[] = [];
  for (const v of set) {
    const value = ctx.env[v]!;
    if (/no_proxy/i.test(v)) {
      shown.push(`${v}=${value}`);
      continue;
    }
    const safe = safeProxyUrl(value);
    if (!safe) return row('proxy', 'fail', `${v} is not an http:// or https:// URL (e.g. http://proxy.example:3128); every request will fail`);
    shown.push(`${v}=${safe}`);
  }
  let route = '';
  if (apiUrl) {
    const p = proxyFor(ctx.env, apiUrl);
    route = !p.variable ? '; the API is reached directly' : p.bypassed ? '; the API host is excluded by NO_PROXY' : `; the API is reached through ${p.variable}`;
  }
  return row('proxy', 'pass', `${shown.join(', ')}${route}${extraCa}`);
}

export interface ReachResult {
  checks: Check[];
  reachable: boolean;
}

/** GET /v1/health without credentials, and the clock skew from the answer's Date header. */
export async function reachabilityChecks(ctx: Context, auth: ResolvedAuth, deadline: number): Promise<ReachResult> {
  const where = `${auth.apiUrl} (${auth.apiUrlSource === 'default' ? 'default' : `from ${URL_SOURCES[auth.apiUrlSource]}`})`;
  const started = ctx.clock.now();
  let result: { health: Health; date: string | undefined };
  try {
    result = await (await ctx.api({ anonymous: true, deadline })).meta.healthWithDate();
  } catch (e) {
    return {
      reachable: false,
      checks: [row('api', 'fail', `${where}: ${message(e)}`), row('clock', 'warn', 'not checked: the API did not answer')],
    };
  }
  const finished = ctx.clock.now();
  const ms = finished - started;
  const status = result.health?.status;
  const api =
    status === 'ok'
      ? row('api', 'pass', `${where} answered in ${ms} ms`)
      : row('api', 'warn', `${where} answered in ${ms} ms, but reports status ${JSON.stringify(status ?? null)}`);
  return { reachable: true, checks: [api, clockCheck(result.date, started, finished)] };
}

const URL_SOURCES = { flag: '--api-url', env: 'SPICE_API_URL', profile: 'the profile' } as const;

const SKEW_WARN_MS = 30_000;
const SKEW_FAIL_MS = 5 * 60_000;

export function clockCheck(date: string | undefined, started: number, finished: number): Check {
  const server = date ? Date.parse(date) : Number.NaN;
  if (Number.isNaN(server)) return row('clock', 'warn', 'not checked: the API sent no Date header');
  // Date has 1 s resolution: compare the middle of the round trip with the middle of that second.
  const skew = Math.round((started + finished) / 2 - (server + 500));
  const text = Math.abs(skew) < 1000 ? `in sync with the API's clock` : `${formatSeconds(skew)} ${skew > 0 ? 'ahead of' : 'behind'} the API's clock`;
  if (Math.abs(skew) > SKEW_FAIL_MS) return row('clock', 'fail', `${text}; token expiry checks will misbehave: sync the system clock (NTP)`);
  if (Math.abs(skew) > SKEW_WARN_MS) return row('clock', 'warn', `${text}; consider syncing the system clock (NTP)`);
  return row('clock', 'pass', text);
}

function formatSeconds(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  return s < 120 ? `${s}s` : `${Math.round(s / 60)}m`;
}

const SOURCES = {
  env: 'SPICE_API_TOKEN',
  'client-credentials': 'SPICE_CLIENT_ID and SPICE_CLIENT_SECRET (OAuth client)',
  store: 'stored profile',
  none: 'none',
} as const;

/** Where the credentials come from, and whether the API accepts them (GET /v1/apps). */
export async function credentialsCheck(ctx: Context, auth: ResolvedAuth, deadline: number, reachable: boolean): Promise<Check> {
  if (auth.source === 'none') {
    return row('credentials', 'fail', 'none found: set SPICE_API_TOKEN, or SPICE_CLIENT_ID and SPICE_CLIENT_SECRET, or run `spice-cloud auth login`', true);
  }
  const source = `${auth.source === 'store' ? `profile "${auth.profile}"` : SOURCES[auth.source]}${auth.org ? `, org "${auth.org}"` : ''}`;
  if (!reachable) return row('credentials', 'warn', `${source}; not verified: the API did not answer`);
  try {
    const apps = await (await ctx.api({ deadline })).apps.list();
    return row('credentials', 'pass', `${source}: accepted (${apps.length} app${apps.length === 1 ? '' : 's'} visible)`);
  } catch (e) {
    if (e instanceof AuthError && e.status === 403 && e.code === 'insufficient_scope') {
      return row('credentials', 'warn', `${source}: accepted, but without the apps:read scope`);
    }
    if (e instanceof AuthError) return row('credentials', 'fail', `${source}: refused (${message(e)})`, true);
    return row('credentials', 'fail', `${source}: not verified (${message(e)})`);
  }
}

export function message(e: unknown): string {
  if (e instanceof CliError) return e.message;
  return `unexpected error: ${e instanceof Error ? e.message : String(e)}`;
}

/** Is there an OS keychain for `auth login` (and cached OAuth tokens)? Without one, tokens go to the 0600 config file. */
export async function keychainCheck(ctx: Context): Promise<Check> {
  const { openKeychain } = await import('../../config/keychain.js');
  const probe = await openKeychain(ctx.env);
  if (probe.ok) return row('keychain', 'pass', `${probe.keychain.name} available: \`auth login\` stores the token there`);
  if (/SPICE_KEYRING/.test(probe.reason)) return row('keychain', 'pass', `${probe.reason}: tokens are stored in the config file (mode 0600)`);
  return row('keychain', 'warn', `${probe.reason}: tokens are stored in the config file (mode 0600)`);
}
