#!/usr/bin/env node
// Thin shim: everything lives in dist/main.js (built by `npm run build`).
//
// `spice-cloud --version` (or `-V`) on its own is answered here, from package.json (the
// build stamps the same version into dist/), without loading the command tree.
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${version}\n`);
} else {
  const { main } = await import('../dist/main.js');
  process.exit(await main(argv, process));
}
