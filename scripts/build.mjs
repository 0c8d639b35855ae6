// Builds dist/ with esbuild. Two outputs, for two kinds of caller:
//
// - dist/main.cjs + dist/main.cache: the CLI. One CommonJS script holding all of src/
//   except the emulator, loaded by bin/spice-cloud.cjs through node:vm with a V8 code
//   cache (dist/main.cache), so a command starts without parsing or compiling our own
//   code: Node 20 has no module compile cache, and the ES module loader's per-file cost
//   was most of what separated `apps list` from a bare node:http script (docs/bench.md).
//   Dependencies stay external and are imported lazily by the commands that need them;
//   commander is bundled because every run needs it.
// - dist/emulator.js (+ dist/chunks/): the emulator as an ES module library, for the
//   `emulator` command, the demo, the benchmarks and the tests. The CLI's `emulator`
//   command imports it at run time (./emulator.js), so its servers, DuckDB, gRPC and
//   Arrow never enter the CLI's script or its code cache.
//
// Type checking is separate (`npm run typecheck`).
import { build, transform } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Terminal widths whose root help is pre-rendered (bin/spice-cloud.cjs reads help-<width>.txt). */
const PRERENDERED_HELP_WIDTHS = [80, 100, 120, 132, 160, 200];
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const BUNDLED = ['commander'];
const external = Object.keys(pkg.dependencies).filter((name) => !BUNDLED.includes(name));
const define = { __SPICE_CLOUD_VERSION__: JSON.stringify(pkg.version) };
const dist = new URL('../dist/', import.meta.url);
/** dist/main.cjs is one function expression, which bin/spice-cloud.cjs compiles and calls with these parameters. */
const MAIN_WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname, __import) {';
const MAIN_WRAPPER_TAIL = '\n})';
rmSync(dist, { recursive: true, force: true });

await build({
  entryPoints: { emulator: 'src/emulator/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.18',
  external,
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
  define,
  logLevel: 'warning',
});

/** The CLI's imports of the emulator library resolve to the built dist/emulator.js at run time. */
const emulatorOutside = {
  name: 'emulator-outside',
  setup(b) {
    const library = fileURLToPath(new URL('../src/emulator/index.js', import.meta.url));
    b.onResolve({ filter: /emulator\/index\.js$/ }, (args) =>
      resolve(args.resolveDir, args.path) === library && !args.importer.includes('/src/emulator/') ? { path: './emulator.js', external: true } : undefined,
    );
  },
};

/**
 * Commander loads node:child_process at start (~3 ms) for executable subcommands, which
 * spice-cloud does not use: the bundled copy loads it only if `spawn` is ever called.
 */
const commanderLazySpawn = {
  name: 'commander-lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const eager = "const childProcess = require('node:child_process');";
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(eager)) throw new Error(`build: ${args.path} no longer has ${eager}`);
      return { contents: source.replace(eager, "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };"), loader: 'js' };
    });
  },
};

/**
 * The modules a command imports lazily (`import()`: the verbs, and what only they use),
 * each as a CommonJS module of its own, so that the bundle initialises one only when it
 * is first required. Bundled as ES modules, esbuild hoists every module's function
 * declarations (and the export getters of every lazily imported one) to the script's top
 * level: every start created the closures of every verb, and V8's code cache held a
 * compiled top level naming them all. As CommonJS, a module is a factory (`__commonJS`)
 * whose functions exist only once something imports it; `import()` of one is
 * `Promise.resolve().then(() => require_x())`, as before. The modules every start runs
 * anyway (main.ts and its static imports) stay ES modules, scope-hoisted, where an import
 * is a plain variable. `regions list --json`: −1.1 % instructions (callgrind), a command's
 * cache 313 → 276 KB (docs/bench.md).
 *
 * esbuild's transform gives every module its own copy of the same few interop helpers
 * (`__export`, `__toCommonJS`, …); they are taken out of each module and defined once,
 * at the start of the script, with esbuild's own text (checked to be the same in every module).
 */
const HELPER_NAMES = new Set(['__create', '__defProp', '__getOwnPropDesc', '__getOwnPropNames', '__getProtoOf', '__hasOwnProp', '__export', '__copyProps', '__reExport', '__toESM', '__toCommonJS']);
const helpers = new Map();
const modulesAsCommonJS = {
  name: 'modules-as-commonjs',
  setup(b) {
    // In their own namespace: in the file namespace, package.json's "type": "module" would
    // make esbuild read them as ES modules whatever they contain.
    const src = fileURLToPath(new URL('../src/', import.meta.url));
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.asIs || !(args.kind === 'entry-point' || /^\.{1,2}\//.test(args.path))) return undefined;
      const found = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { asIs: true } });
      if (found.errors.length > 0) return { errors: found.errors };
      if (!found.path.startsWith(src) || !found.path.endsWith('.ts') || staticModules.has(found.path)) return found;
      return { path: found.path, namespace: 'src-cjs' };
    });
    b.onLoad({ filter: /.*/, namespace: 'src-cjs' }, async (args) => {
      const { code } = await transform(readFileSync(args.path, 'utf8'), {
        loader: 'ts',
        format: 'cjs',
        platform: 'node',
        target: 'node20.18',
        sourcefile: args.path,
        supported: { 'dynamic-import': true },
        tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
        define: { ...define, 'import.meta.url': '__importMeta.url' },
      });
      const lines = code.split('\n');
      let at = 0;
      // The prelude: `var __name = …;` statements (continued on indented lines and `};`).
      while (at < lines.length) {
        const name = /^var (__\w+) = /.exec(lines[at])?.[1];
        if (!name || !HELPER_NAMES.has(name)) break;
        let end = at + 1;
        while (end < lines.length && (/^\s/.test(lines[end]) || /^[)}\]]/.test(lines[end]))) end++;
        // Minified, so that locals esbuild renamed in one module (`key2`) compare equal.
        const text = (await transform(lines.slice(at, end).join('\n'), { minify: true })).code;
        if (helpers.has(name) && helpers.get(name) !== text) throw new Error(`build: esbuild's ${name} differs between modules:\n${helpers.get(name)}\n---\n${text}`);
        helpers.set(name, text);
        at = end;
      }
      return { contents: lines.slice(at).join('\n'), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/**
 * The namespace object of a module that stays an ES module (what a CommonJS module gets
 * when it requires one, or an `import()` of one), made when first asked for, as a plain
 * object of its exports' values. esbuild builds every such namespace at the start of the
 * script: a getter per export (a closure, an accessor and a new hidden class each), 163
 * of them in 26 namespaces, whether or not the command asks for any. Made on first use
 * (and only for the modules a command loads), that is 2 M instructions fewer for
 * `apps list --json` (docs/bench.md, round seven).
 *
 * A value in place of a getter is the same thing as long as no export is ever assigned
 * again, which the build checks (no `export let` or `export var` in these modules), and
 * as long as nothing asks for a namespace before the module's own initialisation ran:
 * the object is made right after it (`init_x()`), and these modules import each other
 * statically, so none is asked for from inside another's initialisation.
 */
function lazyNamespaces(text, modules) {
  for (const file of modules) {
    const source = readFileSync(file, 'utf8');
    // `export { x }` of a local is refused too: x could be a let (a re-export `from` is not a local).
    if (/^export\s+(let|var)\s/m.test(source) || /^export\s*\{[^}]*\}\s*;?\s*$/m.test(source)) throw new Error(`build: ${file} exports a let or var, or a local by name, which the namespace of values would not follow (scripts/build.mjs, lazyNamespaces)`);
  }
  const occurrences = (name) => text.match(new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'))?.length ?? 0;
  let made = 0;
  for (const [definition, name, body] of [...text.matchAll(/var ([\w$]+_exports)=\{\};__export2\(\1,\{([^}]*)\}\);/g)]) {
    if (name === 'main_exports') continue; // the script's own exports, read once by bin/spice-cloud.cjs
    const props = body.split(',').map((p) => /^([\w$]+):\(\)=>([\w$]+)$/.exec(p));
    if (props.some((p) => p === null)) throw new Error(`build: unexpected namespace text for ${name}: ${body.slice(0, 200)}`);
    const use = new RegExp(`\\((init_[\\w$]+)\\(\\),(?:__toCommonJS2\\(${name}\\)|${name})\\)`, 'g');
    const uses = [...text.matchAll(use)];
    const inits = new Set(uses.map((u) => u[1]));
    if (uses.length === 0 || inits.size !== 1 || occurrences(name) !== uses.length + 2) throw new Error(`build: ${name} is used other than as (init_x(),__toCommonJS2(${name})) or (init_x(),${name})`);
    const [init] = inits;
    const values = props.map(([, key, local]) => (key === local ? key : `${key}:${local}`)).join(',');
    // Replaced through functions: a replacement string would read `$` in a name as a pattern.
    text = text.replace(definition, () => `var ${name};function ${name}_ns(){return ${name}??=(${init}(),__toCommonJS2({${values}}))}`).replace(use, () => `${name}_ns()`);
    made++;
  }
  if (made === 0) throw new Error('build: found no namespaces to make lazily (esbuild output changed?)');
  return text;
}

const cliOptions = {
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.18',
  external,
  // Whitespace, comments and redundant syntax out (names kept, for stack traces and
  // error names): commander's JSDoc alone was a fifth of the script, and every byte is
  // read and held at every start.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  // Keep `import()` of external modules (several are ES modules only): the loader in
  // bin/spice-cloud.cjs supplies `__import`, a real dynamic import from dist/.
  supported: { 'dynamic-import': true },
  // import.meta.url, computed when first read: pathToFileURL costs ~0.5 ms, and only the
  // data plane, the keychain and jq (none of them on a list's path) read it.
  define: { ...define, 'import.meta.url': '__importMeta.url' },
  // "use strict" first: after the banner, esbuild's own directive would be a plain string.
  banner: { js: '"use strict";const __importMeta = { get url() { return require("node:url").pathToFileURL(__filename).href; } };' },
  metafile: true,
  write: false,
  logLevel: 'warning',
};
// The modules a start runs anyway (main.ts and what it imports statically) stay ES modules,
// scope-hoisted: their imports of each other are plain variables, no interop.
const graph = await build({ ...cliOptions, plugins: [emulatorOutside, commanderLazySpawn] });
const staticModules = new Set();
for (const pending = ['src/main.ts']; pending.length > 0; ) {
  const file = pending.pop();
  if (staticModules.has(resolve(file))) continue;
  staticModules.add(resolve(file));
  for (const i of graph.metafile.inputs[file]?.imports ?? []) if (i.kind === 'import-statement' && i.path.startsWith('src/')) pending.push(i.path);
}
const cli = await build({ ...cliOptions, plugins: [emulatorOutside, commanderLazySpawn, modulesAsCommonJS] });
const dynamic = new Set(
  Object.values(cli.metafile.outputs)
    .flatMap((o) => o.imports)
    .filter((i) => i.kind === 'dynamic-import' && i.external)
    .map((i) => i.path),
);
let script = cli.outputFiles[0].text;
// The interop helpers taken out of every module (modulesAsCommonJS), defined once before any runs.
if (!script.startsWith('"use strict";')) throw new Error('build: expected the banner at the start of the CLI script');
// (Those esbuild's own runtime defines under the same name already are not defined twice.)
const runtimePrelude = script.slice(0, script.indexOf('__commonJS({'));
// `__toCommonJS` is the one helper given a text of its own: esbuild's copies the exports
// object into a fresh one, a getter per export per module at every start; the module's
// own exports object (getters already, never written) serves as module.exports as well.
helpers.set('__toCommonJS', 'var __toCommonJS=m=>__defProp(m,"__esModule",{value:!0});');
// esbuild's runtime has one of its own (renamed, as ours takes the name) for our modules
// that stay ES modules, called at every require of one: the same rule applies to it.
const runtimeToCommonJS = /(__toCommonJS\d+)=mod=>__copyProps\(__defProp\(\{\},"__esModule",\{value:!0\}\),mod\)/;
if (!runtimeToCommonJS.test(runtimePrelude)) throw new Error("build: esbuild's __toCommonJS no longer has the expected text");
script = script.replace(runtimeToCommonJS, '$1=__toCommonJS');
const helperText = [...helpers].filter(([name]) => !new RegExp(`[\\s;,]${name}=`).test(runtimePrelude)).map(([, text]) => text).join('');
script = `"use strict";${helperText}${script.slice('"use strict";'.length)}`;
script = lazyNamespaces(script, staticModules);
for (const spec of dynamic) {
  const call = `import(${JSON.stringify(spec)})`;
  if (!script.includes(call)) throw new Error(`build: expected ${call} in the CLI script`);
  script = script.split(call).join(`__import(${JSON.stringify(spec)})`);
}
// bin/spice-cloud.cjs reads the script as latin1: it must be ASCII (esbuild escapes the rest).
if (/[^\x00-\x7f]/.test(script)) throw new Error('build: dist/main.cjs is not pure ASCII');
// A computed `import(x)` would fail inside the vm script: every dynamic import must name its module.
if (/[^_.\w$]import\((?!["'])/.test(script)) throw new Error('build: dist/main.cjs has an import() of a computed specifier');
// Written wrapped in the function bin/spice-cloud.cjs calls, so that the bin compiles the
// file's text as it is read: wrapping it there made a second copy of it at every start.
writeFileSync(new URL('main.cjs', dist), `${MAIN_WRAPPER_HEAD}${script}${MAIN_WRAPPER_TAIL}`);
// A real dynamic import that resolves from dist/ (vm scripts have none of their own on Node 20).
writeFileSync(new URL('import.cjs', dist), "'use strict';\nmodule.exports = (specifier) => import(specifier);\n");

// The .proto files of Arrow Flight (src/proto/), read at run time by src/proto/flight.ts,
// which finds them in dist/proto/ from dist/main.cjs, dist/emulator.js and the chunks alike.
cpSync(new URL('../src/proto', import.meta.url), new URL('proto', dist), { recursive: true, filter: (src) => !src.endsWith('.ts') });

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

// The code cache: the CLI runs a set of representative commands in one process, then
// V8 serialises every function compiled so far (scripts/code-cache.mjs).
execFileSync(process.execPath, ['scripts/code-cache.mjs'], { stdio: 'inherit', env: { PATH: process.env.PATH } });

// The root help, rendered once by the CLI just built, unwrapped (COLUMNS beyond any line)
// and without colour; bin/ serves it for a lone --help. For the common widths (80 is also
// the piped width) it is stored wrapped already, so that answer costs one file read; any
// other width is wrapped at run time by dist/wrap-help.cjs (docs/bench.md has the numbers).
const help = execFileSync(process.execPath, ['bin/spice-cloud.cjs', '--no-color', '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH, COLUMNS: '100000' } });
const { wrapHelp } = createRequire(import.meta.url)('../dist/wrap-help.cjs');
for (const width of PRERENDERED_HELP_WIDTHS) writeFileSync(new URL(`help-${width}.txt`, dist), wrapHelp(help, width));
writeFileSync(new URL('help.txt.tmp', dist), help);
renameSync(new URL('help.txt.tmp', dist), new URL('help.txt', dist));
