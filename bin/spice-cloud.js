#!/usr/bin/env node
// Thin shim: everything lives in dist/main.js (built by `npm run build`).
import { main } from '../dist/main.js';

const code = await main(process.argv.slice(2), process);
process.exit(code);
