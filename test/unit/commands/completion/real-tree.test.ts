/**
 * The shipped scripts, generated from the real command tree, in the real shells (skipped
 * where a shell is missing; .ci/run installs zsh and fish): the runtime commands, the
 * output flags (--jq, --fields, --format values) and the new api flags complete.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../../../src/cli.js';
import { NOUNS } from '../../../../src/commands/index.js';
import { completionScript } from '../../../../src/commands/completion/generate.js';

const program = createProgram({ run: async () => {} }, '0.0.0-test', NOUNS, { writeOut: () => {}, writeErr: () => {} });
const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'spice-completion-real-'));
// No real CLI on PATH: dynamic lookups find nothing, quietly.
const env = { PATH: process.env.PATH ?? '', HOME: dir };
const RUNTIME = ['sql', 'chat', 'search', 'nsql', 'datasets', 'models', 'runtime'].filter((n) => program.commands.some((c) => c.name() === n));
const FORMATS = ['table', 'tsv', 'csv', 'json', 'ndjson'];

function script(shell: 'bash' | 'zsh' | 'fish'): string {
  const file = join(dir, `script.${shell}`);
  writeFileSync(file, completionScript(shell, program));
  return file;
}

it('the tree has the runtime commands to complete', () => {
  expect(RUNTIME.length).toBeGreaterThanOrEqual(5);
});

describe.skipIf(!has('bash'))('bash, real tree', () => {
  const file = script('bash');
  const complete = (...words: string[]) => {
    const quoted = ['spice-cloud', ...words].map((w) => `'${w}'`).join(' ');
    const r = spawnSync('bash', ['--norc', '-c', `source ${file}; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length}; _spice_cloud; printf '%s\\n' "\${COMPREPLY[@]}"`], { cwd: dir, env, encoding: 'utf8' });
    return r.stdout.split('\n').filter(Boolean);
  };

  it('completes the runtime commands, commands and api list', () => {
    expect(complete('')).toEqual(expect.arrayContaining([...RUNTIME, 'commands', 'api']));
    expect(complete('api', 'li')).toEqual(['list']);
  });

  it('completes the output flags and --format values', () => {
    expect(complete('apps', 'list', '--f')).toEqual(expect.arrayContaining(['--format', '--fields']));
    expect(complete('apps', 'list', '--j')).toEqual(expect.arrayContaining(['--json', '--jq']));
    expect(complete('apps', 'list', '--format', '')).toEqual(FORMATS);
    expect(complete('api', 'apps', '--pag')).toEqual(['--paginate']);
  });
});

describe.skipIf(!has('zsh'))('zsh, real tree', () => {
  const file = script('zsh');
  const stubs = `compdef() { :; }
compadd() { if [[ $1 == -a ]]; then print -rl -- \${(P)2}; else shift; print -rl -- "$@"; fi; }
_describe() { print -rl -- \${\${(P)4}%%:*}; }
_files() { print -r -- '<files>'; }
compset() { :; }`;
  const complete = (...words: string[]) => {
    const quoted = ['spice-cloud', ...words].map((w) => `'${w}'`).join(' ');
    const r = spawnSync('zsh', ['-f', '-c', `${stubs}\nsource ${file}\nwords=(${quoted}); CURRENT=${words.length + 1}; _spice-cloud`], { cwd: dir, env, encoding: 'utf8' });
    return r.stdout.split('\n').filter(Boolean);
  };

  it('completes the runtime commands and the new flags', () => {
    expect(complete('')).toEqual(expect.arrayContaining([...RUNTIME, 'commands']));
    expect(complete('apps', 'list', '-')).toEqual(expect.arrayContaining(['--jq', '--fields', '--format', '--no-headers']));
    expect(complete('api', 'apps', '-')).toEqual(expect.arrayContaining(['--paginate', '--slurp', '--include', '--header']));
    expect(complete('apps', 'list', '--format', '')).toEqual(FORMATS);
  });
});

describe.skipIf(!has('fish'))('fish, real tree', () => {
  const file = script('fish');
  const complete = (line: string) => {
    const r = spawnSync('fish', ['--no-config', '-c', `source ${file}; complete -C${JSON.stringify(`spice-cloud ${line}`)}`], { cwd: dir, env, encoding: 'utf8' });
    return r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]);
  };

  it('completes the runtime commands and the new flags', () => {
    expect(complete('')).toEqual(expect.arrayContaining([...RUNTIME, 'commands']));
    expect(complete('apps list --j')).toEqual(expect.arrayContaining(['--json', '--jq']));
    expect(complete('api apps --pa')).toEqual(['--paginate']);
    expect(complete('apps list --format ').sort()).toEqual([...FORMATS].sort());
  });
});
