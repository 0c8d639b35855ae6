/**
 * bin/spice-cloud.js answers a lone `--version` / `-V` itself, from package.json, before
 * loading the command tree (docs/bench.md). It must print exactly what the full CLI
 * prints, which takes the version the build stamped into dist/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './harness.js';

const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe('--version', () => {
  it('prints the package version, the same from the fast path (--version, -V) as from the command tree (--no-color --version)', async () => {
    const [long, short, full] = await Promise.all([runCli(['--version']), runCli(['-V']), runCli(['--no-color', '--version'])]);
    for (const r of [long, short, full]) expect(r).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('--help', () => {
  it('prints the help rendered at build time, identical to what the command tree renders (--help, -h, --no-color --help)', async () => {
    const [long, short, full] = await Promise.all([runCli(['--help']), runCli(['-h']), runCli(['--no-color', '--help'])]);
    expect(full).toMatchObject({ code: 0, stderr: '' });
    expect(full.stdout).toContain('Usage: spice-cloud [options] [command]');
    for (const r of [long, short]) expect(r).toMatchObject({ code: 0, stdout: full.stdout, stderr: '' });
  });
});
