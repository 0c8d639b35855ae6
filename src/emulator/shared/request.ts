/**
 * Request hardening shared by every emulator server (the Management API in server.ts,
 * and the runtime servers under runtime/): the emulator listens on a real socket, and a
 * web page in the user's browser can reach it. The rules:
 *
 * - `parseTarget`: any request target (`////`, `//%zz`, `http://[`, `*`) becomes a
 *   pathname and query or a 400, never an exception outside a try;
 * - `hostAllowed`: the Host header must name this machine (localhost, *.localhost,
 *   127.0.0.0/8, ::1) or an address the server is bound to; anything else is a DNS-
 *   rebinding page, answered 421 (no state, no tokens);
 * - `requireJson`: admin bodies must be `application/json`, which a page cannot send
 *   cross-origin without a CORS preflight (that the emulator never grants);
 * - `adminAuthorized`: with an admin token set, admin routes need it
 *   (`Authorization: Bearer <t>` or `X-Emulator-Admin-Token: <t>`), compared in
 *   constant time.
 * Each returns a problem as `{ status, message }` (or undefined) for the caller to answer.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { networkInterfaces, hostname } from 'node:os';

export interface Problem {
  status: number;
  message: string;
  code: string;
}

export interface Target {
  pathname: string;
  searchParams: URLSearchParams;
}

/** Longest request target we look at (Node caps the whole header block at 16 KiB anyway). */
const MAX_TARGET = 8192;

/** Origin-form (`/path?q`) or absolute-form (`http://host/path`) targets; anything else is a Problem. */
export function parseTarget(raw: string | undefined): Target | Problem {
  const target = raw ?? '/';
  if (target.length > MAX_TARGET) return { status: 414, message: 'Request target too long', code: 'uri_too_long' };
  try {
    // Prefixing the origin keeps `//host`-looking paths paths, never a new authority.
    const url = target.startsWith('/') ? new URL(`http://emulator.invalid${target}`) : /^https?:\/\//i.test(target) ? new URL(target) : undefined;
    if (!url) return { status: 400, message: 'Malformed request target', code: 'bad_request' };
    return { pathname: url.pathname, searchParams: url.searchParams };
  } catch {
    return { status: 400, message: 'Malformed request target', code: 'bad_request' };
  }
}

export const isProblem = (v: Target | Problem): v is Problem => 'status' in v;

/** Host names and addresses a request may name, for a server bound to `bound`. */
export function allowedHosts(bound: string): Set<string> {
  const hosts = new Set<string>(['localhost', '127.0.0.1', '::1', normalizeHost(bound)]);
  if (bound === '0.0.0.0' || bound === '::' || bound === '') {
    // Bound to every interface: every address of this machine, and its name.
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) hosts.add(normalizeHost(a.address));
    hosts.add(hostname().toLowerCase());
  }
  return hosts;
}

function normalizeHost(h: string): string {
  return h.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
}

/** The host part of a Host header (`[::1]:8787` → `::1`, `Localhost.:80` → `localhost`). */
export function hostOf(header: string): string | undefined {
  const h = header.trim();
  const m = /^\[([0-9a-f:.]+)\](?::\d+)?$/i.exec(h) ?? /^([^:[\]]+)(?::\d+)?$/.exec(h);
  return m ? normalizeHost(m[1]!) : undefined;
}

/** Undefined when the Host header names this machine (or is absent: HTTP/1.0), else a 421 Problem. */
export function hostAllowed(header: string | undefined, allowed: ReadonlySet<string>): Problem | undefined {
  if (header === undefined) return undefined;
  const host = hostOf(header);
  const ok =
    host !== undefined &&
    (allowed.has(host) || host.endsWith('.localhost') || (isIP(host) === 4 && host.startsWith('127.')) || host === '0:0:0:0:0:0:0:1');
  if (ok) return undefined;
  return { status: 421, message: 'Host not allowed: the emulator answers only requests addressed to this machine (localhost or its bound address)', code: 'host_not_allowed' };
}

/** Undefined for a JSON (or absent, with an empty body) content type, else a 415 Problem. */
export function requireJson(req: IncomingMessage): Problem | undefined {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type)) return undefined;
  return { status: 415, message: 'Admin requests must send Content-Type: application/json', code: 'unsupported_media_type' };
}

/** Undefined when no admin token is configured or the request carries it, else a 401 Problem. */
export function adminAuthorized(req: IncomingMessage, adminToken: string | undefined): Problem | undefined {
  if (adminToken === undefined) return undefined;
  const header = req.headers['x-emulator-admin-token'];
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const given = typeof header === 'string' ? header : bearer;
  if (given !== undefined && safeEqual(given, adminToken)) return undefined;
  return { status: 401, message: 'Admin routes need the admin token (X-Emulator-Admin-Token or Authorization: Bearer)', code: 'admin_token_required' };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
