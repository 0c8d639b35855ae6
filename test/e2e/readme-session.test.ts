/**
 * The README's "typical session" runs verbatim, line for line, on a fresh emulator, in a
 * real terminal (keys rotate asks twice there), with `spice-cloud` on PATH as the built
 * binary, a spicepod.yaml and a .env in the working directory, and DB_PASSWORD set.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen } from '../helpers/screen.js';
import { BIN, ROOT, bed, snapshot, type Bed } from './harness.js';

/** The shell lines of the README block that follows "A typical session:". */
function typicalSession(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = /A typical session:\s*\n```sh\n([\s\S]*?)\n```/.exec(readme);
  if (!m) throw new Error('README.md has no "A typical session:" sh block');
  return m[1]!;
}

describe('the README typical session', () => {
  let b: Bed;
  let dir: string;
  beforeAll(async () => {
    b = await bed();
    dir = join(b.home, 'project');
    const bin = join(b.home, 'bin');
    mkdirSync(dir);
    mkdirSync(bin);
    writeFileSync(join(bin, 'spice-cloud'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(bin, 'spice-cloud'), 0o755);
    writeFileSync(join(dir, 'spicepod.yaml'), 'version: v1\nkind: Spicepod\nname: sales\n');
    writeFileSync(join(dir, '.env'), 'API_URL=https://example.com\nFEATURE_FLAG=on\n');
    writeFileSync(join(dir, 'session.sh'), `set -e\n${typicalSession()}\n`);
  });
  afterAll(() => b.close());

  it('runs verbatim: every line succeeds and the state is what it says', async () => {
    const r = await runSession();
    const shown = screen(r.output).join('\n');
    expect(r.code, shown).toBe(0);
    expect(shown).toMatch(/^sales-data$/m); // the last line: apps list --json | jq
    const s = snapshot(b.emu);
    expect(s.apps.map((a) => a.name)).toEqual(['sales-data']);
    expect(s.secrets.map((x) => x.name).sort()).toEqual(['API_URL', 'DB_PASSWORD', 'FEATURE_FLAG']);
    expect(s.deployments).toEqual([expect.objectContaining({ status: 'succeeded' })]);
  }, 90_000);

  /** sh session.sh in a pty, answering the two questions of `keys rotate`. */
  async function runSession() {
    const { spawn } = await import('node:child_process');
    const steps = [
      { expect: 'Rotate both API keys of app "sales-data"\\?', send: 'y\r' },
      { expect: 'Have all clients switched', send: 'y\r' },
    ];
    const env: Record<string, string> = {
      ...b.env,
      PATH: `${join(b.home, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      LANG: 'C.UTF-8',
      TERM: 'xterm-256color',
      DB_PASSWORD: 's3cret value',
      PTY_STEPS: JSON.stringify(steps),
      PTY_TIMEOUT: '60',
    };
    const report = `sh session.sh; printf '\\n__exit__=%s\\n' "$?"`;
    return new Promise<{ code: number; output: string }>((resolve, reject) => {
      const child = spawn('python3', [join(ROOT, 'test', 'helpers', 'pty_run.py'), '/bin/sh', '-c', report], { env, cwd: dir });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.on('error', reject);
      child.on('close', () => {
        const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { output: string };
        const m = /__exit__=(\d+)/.exec(r.output);
        resolve({ code: m ? Number(m[1]) : -1, output: r.output.replace(/\r?\n__exit__=\d+\r?\n?/, '') });
      });
    });
  }
});
