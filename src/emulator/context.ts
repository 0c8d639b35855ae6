/**
 * What a route handler receives, and helpers to register routes under both the legacy
 * `/v1/apps/{appId}` prefix and the canonical `/v1/projects/{projectId}` prefix.
 */
import type { IncomingMessage } from 'node:http';
import type { Principal } from './auth.js';
import type { Reply } from './http.js';
import type { Store } from './store.js';

export interface EmulatorEnv {
  queuedMs: number;
  runningMs: number;
  rateLimit: number | undefined;
  specText: string;
  /** The emulated runtime's HTTP base when it runs: every app's `endpoint`. */
  runtimeUrl: string | null;
  /** As strict as the real API is most likely to be (placement, paging); see docs/emulator.md. */
  strict: boolean;
}

export interface Ctx {
  req: IncomingMessage;
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  raw: Buffer;
  /** The JSON body (undefined when empty); 400 if malformed. Parsed on first call. */
  json(): unknown;
  principal: Principal | null;
  store: Store;
  env: EmulatorEnv;
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export interface RouteAdder {
  (method: string, template: string, handler: Handler): void;
}

/** Registers `suffix` under both app prefixes, e.g. suffix '/secrets' -> two routes. */
export function addAppRoute(add: RouteAdder, method: string, suffix: string, handler: Handler): void {
  add(method, `/v1/apps/{appId}${suffix}`, handler);
  add(method, `/v1/projects/{projectId}${suffix}`, handler);
}

/** The app id path parameter, whichever prefix was used. */
export const appParam = (ctx: Ctx): string | undefined => ctx.params['appId'] ?? ctx.params['projectId'];

/** 'projects' when the request used the canonical prefix (list envelope key). */
export const isProjects = (ctx: Ctx): boolean => ctx.params['projectId'] !== undefined || ctx.req.url?.startsWith('/v1/projects') === true;
