// Builds dist/ with esbuild: the CLI entry (src/main.ts) and the emulator's library
// entry (src/emulator/index.ts, for the demo and benchmarks), plus lazily loaded chunks
// (code splitting), so a command pays only for the modules it imports. Dependencies
// stay external: they are imported lazily from node_modules by the commands that
// need them. Type checking is separate (`npm run typecheck`).
//
// The exception is commander, which every run needs: it is bundled into the entry,
// because one ES module loads faster than commander's seven CommonJS files (see
// docs/bench.md). Its require() calls of Node built-ins need a real `require`, which the
// banner provides.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const BUNDLED = ['commander'];
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/main.ts', emulator: 'src/emulator/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.18',
  external: Object.keys(pkg.dependencies).filter((name) => !BUNDLED.includes(name)),
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
  define: { __SPICE_CLOUD_VERSION__: JSON.stringify(pkg.version) },
  sourcemap: false,
  logLevel: 'warning',
});

// The .proto files of Arrow Flight (src/proto/), read at run time by src/proto/flight.ts,
// which finds them in dist/proto/ from the entries and from the chunks alike.
cpSync(new URL('../src/proto', import.meta.url), new URL('../dist/proto', import.meta.url), {
  recursive: true,
  filter: (src) => !src.endsWith('.ts'),
});

// The help wrapper on its own, as CommonJS, for bin/'s lone --help (no command tree).
await build({
  entryPoints: { 'wrap-help': 'src/output/wrap-help.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.18',
  logLevel: 'warning',
});

// The root help, rendered once by the CLI just built, unwrapped (COLUMNS beyond any line)
// and without colour; bin/ serves it for a lone --help, wrapped at the terminal's width
// at run time by dist/wrap-help.cjs (measured against pre-rendering: docs/bench.md).
const help = execFileSync(process.execPath, ['bin/spice-cloud.js', '--no-color', '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH, COLUMNS: '100000' } });
writeFileSync(new URL('../dist/help.txt', import.meta.url), help);
