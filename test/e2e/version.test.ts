/**
 * bin/spice-cloud.cjs answers a lone `--version` / `-V` itself, from package.json, before
 * loading the command tree (docs/bench.md). It must print exactly what the full CLI
 * prints, which takes the version the build stamped into dist/.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from './harness.js';

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

/** Runs a Python script given node and the bin as argv[1..2]; returns the JSON it prints. */
function python(lines: string[]): Record<string, unknown> {
  return JSON.parse(execFileSync('python3', ['-c', lines.join('\n'), process.execPath, BIN], { encoding: 'utf8' })) as Record<string, unknown>;
}

describe('the fast path writes to fd 1 itself', () => {
  // A parent may hand over a non-blocking pipe; with a 4 KiB pipe nobody reads yet, the
  // 4 KB+ help cannot be written at once (EAGAIN). The rest must still arrive, in order,
  // once the reader reads, and the exit code stay 0. Python sets the pipe up: Node cannot
  // shrink a pipe (F_SETPIPE_SZ).
  it('on a full non-blocking pipe, --help waits for the reader and delivers every byte', () => {
    const script = [
      'import fcntl, json, os, subprocess, sys, time',
      'r, w = os.pipe()',
      'fcntl.fcntl(w, 1031, 4096)  # F_SETPIPE_SZ',
      'fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)',
      'env = dict(os.environ, COLUMNS="30")',
      'p = subprocess.Popen([sys.argv[1], sys.argv[2], "--help"], stdout=w, env=env)',
      'os.close(w)',
      'time.sleep(0.5)',
      'waiting = p.poll() is None',
      'data = b""',
      'while True:',
      '    d = os.read(r, 65536)',
      '    if not d: break',
      '    data += d',
      'ref = subprocess.run([sys.argv[1], sys.argv[2], "--help"], capture_output=True, env=env).stdout',
      'print(json.dumps({"waiting": waiting, "code": p.wait(), "length": len(data), "same": data == ref}))',
    ];
    const out = python(script);
    expect(out).toMatchObject({ waiting: true, code: 0, same: true });
    expect(out.length).toBeGreaterThan(4096);
  });

  it('a reader that is already gone (EPIPE) is no error: exit 0, nothing on stderr', () => {
    const script = [
      'import json, os, subprocess, sys',
      'r, w = os.pipe()',
      'os.close(r)',
      'p = subprocess.run([sys.argv[1], sys.argv[2], "--help"], stdout=w, stderr=subprocess.PIPE)',
      'print(json.dumps({"code": p.returncode, "stderr": p.stderr.decode()}))',
    ];
    const out = python(script);
    expect(out).toEqual({ code: 0, stderr: '' });
  });
});
