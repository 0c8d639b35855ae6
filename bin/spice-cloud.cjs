#!/usr/bin/env node
// Thin shim: everything lives in dist/ (built by `npm run build`).
//
// Two answers need no command tree, and are the ones scripts and people ask most:
// a lone `--version` / `-V` (from package.json; the build stamps the same version into
// dist/) and a lone `--help` / `-h` (dist/help.txt, rendered unwrapped from the real
// command tree at build time, and dist/help-<width>.txt wrapped for common widths; other
// widths are wrapped here; test/e2e/version.test.ts and help-width.test.ts check that
// both match the full CLI).
//
// Everything else runs dist/main.cjs, one CommonJS script (written as a function
// expression) compiled through node:vm with a V8 code cache the build wrote
// (the one trained on the command, else its family's, else dist/main.cache): no parsing or compiling
// of our own code at start. A cache V8 rejects (another Node version, other V8 flags) is
// simply not used. This file is CommonJS (.cjs: Node then reads no package.json to learn its type) because Node 20 starts a CommonJS
// entry measurably faster than an ES module one (docs/bench.md).
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const DIST = join(__dirname, '..', 'dist');

/**
 * Compiles dist/main.cjs (with a code cache when V8 accepts it) and returns its exports
 * and the vm script, with the code cache trained on the command (cacheFor).
 */
function loadMain(argv = []) {
  const vm = require('node:vm');
  // Module.createRequire through this module's own class: the public node:module loads the
  // ES module loader and source maps (~1 ms) for exports the CLI never uses.
  const { createRequire } = module.constructor;
  const file = join(DIST, 'main.cjs');
  // Read as latin1: the build writes pure ASCII (it checks), and V8's UTF-8 decoding of
  // 470 KB costs ~0.4 ms more than a byte-for-byte string.
  const source = readFileSync(file).toString('latin1');
  let cachedData;
  if (process.env.SPICE_CLOUD_CODE_CACHE !== '0') {
    try {
      cachedData = readFileSync(join(DIST, cacheFor(argv)));
    } catch {
      // not built with one: compile as usual
    }
  }
  // The build wrote the script as one function expression (scripts/build.mjs): compiled as
  // read, without a second copy of its text.
  const script = new vm.Script(source, { filename: file, cachedData });
  const cli = { exports: {} };
  // __import: a real dynamic import from dist/ (for ES-module-only packages), loaded on first use.
  const dynamicImport = (specifier) => require(join(DIST, 'import.cjs'))(specifier);
  script.runInThisContext()(cli.exports, createRequire(file), cli, file, DIST, dynamicImport);
  return { main: cli.exports.main, script };
}

if (require.main !== module) {
  module.exports = { loadMain, cacheFor }; // scripts/code-cache.mjs trains the cache through the same loader; tests ask cacheFor
} else {
  const argv = process.argv.slice(2);
  const only = argv.length === 1 ? argv[0] : undefined;
  if (only === '--version' || only === '-V') {
    print(`${JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
  } else if ((only === '--help' || only === '-h') && rendered('help.txt')) {
    // Wrapped at the terminal's width like the full CLI does (src/output/wrap-help.ts):
    // COLUMNS, else the terminal's width, else 80. Common widths were pre-rendered.
    const columns = Number(process.env.COLUMNS);
    const width = Number.isInteger(columns) && columns > 0 ? columns : stdoutIsTTY() ? process.stdout.columns || 80 : 80;
    const ready = rendered(`help-${width}.txt`);
    print(ready ?? require('../dist/wrap-help.cjs').wrapHelp(rendered('help.txt'), width));
  } else {
    const { main } = loadMain(argv);
    main(argv, process).then((code) => process.exit(code));
  }
}

/**
 * Writes a fast-path answer straight to fd 1. `process.stdout` would first build a stream
 * for it (on a pipe, a net.Socket: loading net and its handle costs ~5 ms, more than
 * everything else these answers do). A pipe left non-blocking by the parent (EAGAIN)
 * gets the rest through process.stdout, which waits for the reader; a reader already
 * gone (EPIPE, `spice-cloud --help | head -0`) is not an error, as in the full CLI.
 */
function print(text) {
  const { writeSync } = require('node:fs');
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; ) {
    try {
      at += writeSync(1, bytes, at);
    } catch (e) {
      if (e.code === 'EAGAIN') return void process.stdout.write(bytes.subarray(at));
      if (e.code === 'EPIPE') return;
      throw e;
    }
  }
}

/**
 * Whether fd 1 is a terminal, without loading node:tty (which loads net) for a pipe or a
 * file. The rule of src/io.ts's isTerminal, kept here because this shim answers without
 * loading the bundle.
 */
function stdoutIsTTY() {
  try {
    if (!require('node:fs').fstatSync(1).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return require('node:tty').isatty(1); // a terminal, or /dev/null
}

/**
 * The code cache for a command line: the one trained on its command (`apps list`: the
 * first two words; with --json, the one trained with it, `apps list --json`, when there is
 * one), else on its noun's family (`keys`), else dist/main.cache.
 */
function cacheFor(argv) {
  const [noun, verb] = argv;
  if (noun && !noun.startsWith('-')) {
    try {
      const map = JSON.parse(readFileSync(join(DIST, 'caches.json'), 'utf8'));
      const command = `${noun} ${verb}`;
      const file = (verb && ((argv.includes('--json') && map[`${command} --json`]) || map[command])) || map[noun];
      if (typeof file === 'string' && /^main\.[a-z-]+(\.json)?\.cache$/.test(file)) return file;
    } catch {
      // no map (an older build): the one cache
    }
  }
  return 'main.cache';
}

function rendered(name) {
  try {
    return readFileSync(join(DIST, name), 'utf8');
  } catch {
    return undefined; // not built with it: the full CLI renders the help itself
  }
}
