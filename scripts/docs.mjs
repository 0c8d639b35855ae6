// Writes the reference docs (man/spice-cloud*.1 and docs/commands/*.md) from the command
// tree in src/ (bundled on the fly with esbuild), replacing what is there.
// test/unit/docs-fresh.test.ts fails when the committed files differ from what the tree
// renders now. `npm run generate` runs this and `npm run completions`.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, '.tmp', 'docs-generator.mjs');
await build({
  stdin: {
    contents: [
      "export { createProgram } from './src/cli.ts';",
      "export { NOUNS } from './src/commands/index.ts';",
      "export { describeTree } from './src/docs/tree.ts';",
      "export { renderDocs, MAN_DIR, MARKDOWN_DIR } from './src/docs/render.ts';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.18',
  outfile: out,
  external: Object.keys(pkg.dependencies),
  define: { __SPICE_CLOUD_VERSION__: JSON.stringify(pkg.version) },
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
const gen = await import(pathToFileURL(out).href);
const program = gen.createProgram({ run: async () => {} }, pkg.version, gen.NOUNS, { writeOut: () => {}, writeErr: () => {} });
const files = gen.renderDocs(gen.describeTree(program));

for (const dir of [gen.MAN_DIR, gen.MARKDOWN_DIR]) {
  mkdirSync(join(root, dir), { recursive: true });
  // Pages of commands that no longer exist go away.
  for (const name of readdirSync(join(root, dir))) if (!files.has(`${dir}/${name}`)) rmSync(join(root, dir, name));
}
for (const [path, content] of files) writeFileSync(join(root, path), content);
rmSync(out, { force: true });
console.log(`wrote ${files.size} files in ${gen.MAN_DIR}/ and ${gen.MARKDOWN_DIR}/`);
