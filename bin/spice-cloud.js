#!/usr/bin/env node
// Thin shim: everything lives in dist/main.js (built by `npm run build`).
//
// Two answers need no command tree, and are the ones scripts and people ask most:
// a lone `--version` / `-V` (from package.json; the build stamps the same version into
// dist/) and a lone `--help` / `-h` (dist/help.txt, rendered from the real command tree
// at build time; test/e2e/version.test.ts checks both match the full CLI). This file is
// CommonJS (bin/package.json) because Node 20 starts a CommonJS entry measurably faster
// than an ES module one (docs/bench.md).
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const argv = process.argv.slice(2);
const only = argv.length === 1 ? argv[0] : undefined;
if (only === '--version' || only === '-V') {
  process.stdout.write(`${require('../package.json').version}\n`);
} else if ((only === '--help' || only === '-h') && rendered('help.txt')) {
  // Wrapped at the terminal's width like the full CLI does (src/output/wrap-help.ts):
  // COLUMNS, else the terminal's width, else 80.
  const { wrapHelp, helpWidth } = require('../dist/wrap-help.cjs');
  const columns = Number(process.env.COLUMNS);
  const width = Number.isInteger(columns) && columns > 0 ? columns : process.stdout.isTTY ? process.stdout.columns || 80 : 0;
  process.stdout.write(wrapHelp(rendered('help.txt'), helpWidth(width)));
} else {
  import('../dist/main.js').then(async ({ main }) => process.exit(await main(argv, process)));
}

function rendered(name) {
  try {
    return readFileSync(join(__dirname, '..', 'dist', name), 'utf8');
  } catch {
    return undefined; // not built with it: the full CLI renders the help itself
  }
}
