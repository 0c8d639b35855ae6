/**
 * Node built-ins that a short command never needs, loaded on first use. Each costs
 * 2–4 ms to load, which is most of what separates a list command from a bare node:http
 * script (docs/bench.md, "Round three"); test/e2e/startup.test.ts checks that the
 * startup path loads none of them.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/** node:zlib: a compressed response body (transport.ts). */
export const zlib = (): typeof import('node:zlib') => load('node:zlib');
/** node:crypto: a client-credentials cache key, a temp file name. */
export const crypto = (): typeof import('node:crypto') => load('node:crypto');
