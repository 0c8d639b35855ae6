/**
 * Flight authentication as the runtime does it (dataplane.md §2.2):
 *
 * - every call carries `authorization: Bearer <api key or session token>`;
 * - `Handshake` with `authorization: Basic base64(<ignored user>:<api key>)` (or a
 *   BasicAuth payload, as older clients send) answers `authorization: Bearer <token>`
 *   and `x-session-id: <token>`; the token (a session id, as in G3) then works as a
 *   bearer. A session remembers the key it was opened with and re-checks it on every
 *   call, so regenerating the key ends its sessions at once.
 *
 * Failures are UNAUTHENTICATED with the runtime's messages. Keys and tokens never leave
 * this module except as the token handed to the client that authenticated.
 */
import { randomBytes } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';
import type { Engine } from './engine.js';
import type { FaultAction, FaultRule } from '../types.js';
import { FlightStatusError, Status, unauthenticated } from './flight-errors.js';

/** An app as the Flight service sees it (a subset of the runtime host's AppRuntime). */
export interface FlightApp {
  id: number;
  name: string;
  engine: Engine;
}

/** What the Flight service needs from the emulated runtime (the runtime host implements it). */
export interface FlightHost {
  authenticate(apiKey: string | undefined): Promise<{ ok: true; app: FlightApp } | { ok: false; status: 401 | 503; message: string }>;
  /** One line of the request log: method 'FLIGHT', path '/DoGet' etc.; never a key. */
  record(entry: { method: string; path: string; status: number; ms: number; app?: string }): void;
  /** The fault rule for this call, if any (method 'FLIGHT', path e.g. '/DoGet'). */
  fault(method: string, path: string): FaultRule | FaultAction | undefined;
}

const MAX_SESSIONS = 10_000;

export class FlightSessions {
  /** token → API key; insertion order doubles as age for eviction. */
  private readonly sessions = new Map<string, string>();

  open(apiKey: string): string {
    const token = randomBytes(16).toString('hex');
    if (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    this.sessions.set(token, apiKey);
    return token;
  }

  /** The API key behind a bearer value: a session's key, or the value itself. */
  keyFor(bearer: string): string {
    return this.sessions.get(bearer) ?? bearer;
  }

  drop(token: string): void {
    this.sessions.delete(token);
  }
}

function header(md: Metadata, name: string): string | undefined {
  const v = md.get(name)[0];
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : v.toString('utf8');
}

/** The bearer value of `authorization`, or the UNAUTHENTICATED error the runtime sends. */
export function bearerOf(md: Metadata): string {
  const auth = header(md, 'authorization');
  if (auth === undefined || auth.trim() === '') throw unauthenticated('Missing authorization header');
  const m = /^Bearer\s+(\S.*)$/i.exec(auth.trim());
  if (!m) throw unauthenticated('Invalid authorization header');
  return (m[1] as string).trim();
}

/** The password of `authorization: Basic …` (the username is ignored), if that is the header's form. */
export function basicPasswordOf(md: Metadata): string | undefined {
  const auth = header(md, 'authorization');
  const m = auth === undefined ? null : /^Basic\s+(\S+)$/i.exec(auth.trim());
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw unauthenticated('Invalid authorization header');
  return decoded.slice(colon + 1);
}

/** Resolves the app for a key, mapping the host's refusal to a gRPC error. */
export async function appFor(host: FlightHost, apiKey: string): Promise<FlightApp> {
  if (apiKey === '') throw unauthenticated('Invalid credentials');
  const res = await host.authenticate(apiKey);
  if (res.ok) return res.app;
  if (res.status === 503) throw new FlightStatusError(Status.UNAVAILABLE, res.message);
  throw unauthenticated('Invalid credentials');
}
