/**
 * Node built-ins that a short command never needs, loaded on first use through
 * `require` (the data plane's packages: runtime/packages.ts). Each costs 2–4 ms to load, which is most of what separates a list command
 * from a bare node:http script (docs/bench.md, "Round three"); test/e2e/startup.test.ts
 * checks that the startup path loads none of those it should not.
 *
 * Never `await import('node:…')` for these: in the CLI's CommonJS script the first
 * dynamic import starts Node's ES module loader, another ~3 ms before the first request.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/** node:http and node:https: the first request (https also loads TLS). */
export const http = (): typeof import('node:http') => load('node:http');
export const https = (): typeof import('node:https') => load('node:https');
/** node:zlib: a compressed response body (transport.ts). */
export const zlib = (): typeof import('node:zlib') => load('node:zlib');
/** node:crypto: a client-credentials cache key, a temp file name. */
export const crypto = (): typeof import('node:crypto') => load('node:crypto');
/** node:os: the home directory when $HOME is not set, the passwd entry, the platform's name. */
export const os = (): typeof import('node:os') => load('node:os');
/** node:dns: a plain-http host name that must resolve to loopback. */
export const dns = (): typeof import('node:dns') => load('node:dns');
/** node:net: a FIFO or socket given as an input file. */
export const net = (): typeof import('node:net') => load('node:net');
/** node:child_process: opening a browser. */
export const childProcess = (): typeof import('node:child_process') => load('node:child_process');
/** node:worker_threads: the keychain, off the main thread. */
export const workerThreads = (): typeof import('node:worker_threads') => load('node:worker_threads');
/** node:readline: the REPLs. */
export const readline = (): typeof import('node:readline') => load('node:readline');
