/**
 * Node built-ins that a short command never needs, loaded on first use (the data plane's
 * packages: runtime/packages.ts). Each costs 2–4 ms to load, which is most of what
 * separates a list command from a bare node:http script (docs/bench.md, "Round three"); test/e2e/startup.test.ts
 * checks that the startup path loads none of those it should not.
 *
 * Never `await import('node:…')` for these: in the CLI's CommonJS script the first
 * dynamic import starts Node's ES module loader, another ~3 ms before the first request.
 * Nor a `require` made by node:module's createRequire: the public node:module itself
 * loads that loader and source maps (~1 ms). `process.getBuiltinModule` (Node ≥ 20.16)
 * needs neither.
 */

/** A `require` that resolves packages from `url` (node_modules), for the few that need one; node:module loads only then. */
export const requireFrom = (url: string): NodeJS.Require => process.getBuiltinModule('node:module').createRequire(url);

/** node:http and node:https: the first request (https also loads TLS). */
export const http = () => process.getBuiltinModule('node:http');
export const https = () => process.getBuiltinModule('node:https');
/** node:zlib: a compressed response body (transport.ts). */
export const zlib = () => process.getBuiltinModule('node:zlib');
/** node:crypto: a client-credentials cache key. */
export const crypto = () => process.getBuiltinModule('node:crypto');
/** node:os: the home directory when $HOME is not set, the platform's name. */
export const os = () => process.getBuiltinModule('node:os');
/** The effective uid (POSIX); undefined on Windows. A fact of the process, like the built-ins. */
export const effectiveUid = (): number | undefined => process.geteuid?.();
/** node:dns: a plain-http host name that must resolve to loopback. */
export const dns = () => process.getBuiltinModule('node:dns');
/** node:net: a FIFO or socket given as an input file. */
export const net = () => process.getBuiltinModule('node:net');
export const tty = () => process.getBuiltinModule('node:tty');
/** node:child_process: opening a browser. */
export const childProcess = () => process.getBuiltinModule('node:child_process');
/** node:worker_threads: the keychain, off the main thread. */
export const workerThreads = () => process.getBuiltinModule('node:worker_threads');
/** node:readline: the REPLs. */
export const readline = () => process.getBuiltinModule('node:readline');
