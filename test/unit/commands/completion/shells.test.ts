/**
 * Runs the generated scripts in the real shells (each block is skipped when that shell is
 * not installed). A fake `spice-cloud` on PATH answers `__complete` and logs its argv.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completionScript } from '../../../../src/commands/completion/generate.js';
import { sampleProgram } from './sample.js';

const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'spice-completion-'));
const log = join(dir, 'calls.log');
writeFileSync(
  join(dir, 'spice-cloud'),
  `#!/bin/sh\necho "$*" >> ${log}\ncase "$*" in *"__complete apps") printf 'sales-data\\nweb-logs\\n' ;; *"__complete regions") printf 'us-east-1\\nus-west-2\\n' ;; esac\n`,
);
chmodSync(join(dir, 'spice-cloud'), 0o755);
writeFileSync(join(dir, 'spicepod.yaml'), 'version: v1\n');
const env = { PATH: `${dir}:${process.env.PATH ?? ''}`, HOME: dir };
const calls = () => readFileSync(log, 'utf8').trim().split('\n');
const resetCalls = () => writeFileSync(log, '');

function script(shell: 'bash' | 'zsh' | 'fish'): string {
  const file = join(dir, `script.${shell}`);
  writeFileSync(file, completionScript(shell, sampleProgram()));
  return file;
}

describe.skipIf(!has('bash'))('bash completion', () => {
  const file = script('bash');
  /** Completes the line; the last word is the one under the cursor. */
  const complete = (...words: string[]) => {
    const quoted = ['spice-cloud', ...words].map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
    const r = spawnSync('bash', ['--norc', '-c', `source ${file}; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length}; _spice_cloud; printf '%s\\n' "\${COMPREPLY[@]}"`], { cwd: dir, env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter(Boolean);
  };

  it('completes nouns, then verbs', () => {
    expect(complete('')).toEqual(['apps', 'deployments', 'completion']);
    expect(complete('ap')).toEqual(['apps']);
    expect(complete('apps', '')).toEqual(['list', 'get', 'create']);
  });

  it('resolves aliases and completes flags, global ones included', () => {
    expect(complete('apps', 'ls', '--')).toEqual(['--json', '--profile', '--no-color', '--help']);
    expect(complete('deployments', 'list', '--s')).toEqual(['--status']);
  });

  it('completes fixed flag values and shells', () => {
    expect(complete('apps', 'create', 'x', '--visibility', 'p')).toEqual(['public', 'private']);
    expect(complete('deployments', 'list', '--status', 'f')).toEqual(['failed']);
    expect(complete('completion', '')).toEqual(['bash', 'zsh', 'fish']);
  });

  it('completes --flag=value when = is split off or kept in the word', () => {
    expect(complete('apps', 'create', 'x', '--visibility', '=', 'pr')).toEqual(['private']);
    expect(complete('apps', 'create', 'x', '--visibility=pr')).toEqual(['--visibility=private']);
  });

  it('asks the CLI for app names and regions, passing the --profile typed on the line', () => {
    resetCalls();
    expect(complete('--profile', 'prod', 'deployments', 'list', '-a', '')).toEqual(['sales-data', 'web-logs']);
    expect(complete('apps', 'get', 'w')).toEqual(['web-logs']);
    expect(complete('apps', 'create', 'x', '--region', '')).toEqual(['us-east-1', 'us-west-2']);
    expect(calls()).toEqual(['--profile prod __complete apps', '__complete apps', '__complete regions']);
  });

  it('completes file names for file flags, and nothing for free text', () => {
    expect(complete('apps', 'create', 'x', '--spicepod', 'spicep')).toEqual(['spicepod.yaml']);
    expect(complete('apps', 'create', 'x', '--description', '')).toEqual([]);
  });

  it('skips option values when finding the command and counting arguments', () => {
    expect(complete('--profile', 'prod', 'apps', 'get', '')).toEqual(['sales-data', 'web-logs']);
    expect(complete('deployments', 'logs', '-a', 'web-logs', '')).toEqual([]);
  });

  it('offers the flags where no argument is expected', () => {
    expect(complete('apps', 'list', '')).toEqual(['--json', '--profile', '--no-color', '-h', '--help']);
  });
});

describe.skipIf(!has('fish'))('fish completion', () => {
  const file = script('fish');
  const complete = (line: string) => {
    const r = spawnSync('fish', ['--no-config', '-c', `source ${file}; complete -C${JSON.stringify(`spice-cloud ${line}`)}`], { cwd: dir, env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]);
  };

  it('completes verbs after a noun, through aliases', () => {
    expect(complete('apps ').sort()).toEqual(['create', 'get', 'list']);
    expect(complete('apps ls --n')).toEqual(['--no-color']);
  });

  it('completes fixed values, app names and regions', () => {
    resetCalls();
    expect(complete('apps create x --visibility ')).toEqual(['private', 'public']);
    expect(complete('--profile prod deployments list -a ')).toEqual(['sales-data', 'web-logs']);
    expect(complete('apps create x --region us')).toEqual(['us-east-1', 'us-west-2']);
    expect(calls()).toEqual(['--profile prod __complete apps', '__complete regions']);
  });
});

describe.skipIf(!has('zsh'))('zsh completion', () => {
  const file = script('zsh');
  // Outside a completion widget: stand-ins for the completion builtins print what they get.
  const stubs = `compdef() { :; }
compadd() { if [[ $1 == -a ]]; then print -rl -- \${(P)2}; else shift; print -rl -- "$@"; fi; }
_describe() { print -rl -- \${\${(P)4}%%:*}; }
_files() { print -r -- '<files>'; }
compset() { :; }`;
  const complete = (...words: string[]) => {
    const quoted = ['spice-cloud', ...words].map((w) => `'${w}'`).join(' ');
    const r = spawnSync('zsh', ['-f', '-c', `${stubs}\nsource ${file}\nwords=(${quoted}); CURRENT=${words.length + 1}; _spice-cloud`], { cwd: dir, env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter(Boolean);
  };

  it('describes verbs and flags, and completes values', () => {
    expect(complete('apps', '')).toEqual(['list', 'get', 'create']);
    expect(complete('apps', 'list', '-')).toEqual(['--json', '--profile', '--no-color', '-h', '--help']);
    expect(complete('deployments', 'list', '--status', '')).toEqual(['queued', 'in_progress', 'succeeded', 'failed', 'created']);
    expect(complete('apps', 'create', 'x', '--spicepod', '')).toEqual(['<files>']);
    expect(complete('apps', 'get', '')).toEqual(['sales-data', 'web-logs']);
  });
});
