// Builds dist/ with esbuild: the CLI entry (src/main.ts) and the emulator's library
// entry (src/emulator/index.ts, for the demo and benchmarks), plus lazily loaded chunks
// (code splitting), so a command pays only for the modules it imports. Dependencies
// stay external: they are imported lazily from node_modules by the commands that
// need them. Type checking is separate (`npm run typecheck`).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/main.ts', emulator: 'src/emulator/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.18',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __SPICE_CLOUD_VERSION__: JSON.stringify(pkg.version) },
  sourcemap: false,
  logLevel: 'warning',
});
