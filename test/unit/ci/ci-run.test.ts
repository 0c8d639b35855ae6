/**
 * .ci/run installs zsh and fish when they are missing (apt-get update once, then one
 * install), and leaves apt alone when they are there. Run on a copy with stub commands.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REAL = (name: string) => execFileSync('bash', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();

function sandbox(shells: string[], o: { keyring?: boolean } = {}): { dir: string; log: string; run(): string } {
  const dir = mkdtempSync(join(tmpdir(), 'ci-run-'));
  const bin = join(dir, 'bin');
  mkdirSync(join(dir, '.ci'));
  mkdirSync(bin);
  copyFileSync(new URL('../../../.ci/run', import.meta.url), join(dir, '.ci', 'run'));
  for (const tool of ['dirname', 'id', 'node', 'cat']) symlinkSync(REAL(tool), join(bin, tool));
  const log = join(dir, 'calls.log');
  const stub = (name: string, body = '') => {
    writeFileSync(join(bin, name), `#!${REAL('bash')}\necho "${name} $*" >> "${log}"\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  stub('apt-get');
  stub('sudo', '"$@"');
  stub('npm');
  for (const s of shells) stub(s);
  if (o.keyring !== false) for (const t of ['gnome-keyring-daemon', 'dbus-run-session']) stub(t);
  return {
    dir,
    log,
    run: () => {
      try {
        execFileSync(REAL('bash'), [join(dir, '.ci', 'run')], { env: { PATH: bin }, encoding: 'utf8', stdio: 'pipe' });
      } catch {
        // No test results in the sandbox: the script reports a failure, which is expected here.
      }
      return existsSync(log) ? readFileSync(log, 'utf8') : '';
    },
  };
}

describe('.ci/run', () => {
  it('installs zsh and fish when both are missing: apt-get update once, then one install', () => {
    const calls = sandbox([]).run().split('\n').filter((l) => l.startsWith('apt-get'));
    expect(calls).toEqual(['apt-get update -qq', 'apt-get install -y -qq --no-install-recommends zsh fish']);
  });

  it('installs only the missing one', () => {
    const calls = sandbox(['zsh']).run().split('\n').filter((l) => l.startsWith('apt-get'));
    expect(calls).toEqual(['apt-get update -qq', 'apt-get install -y -qq --no-install-recommends fish']);
  });

  it('installs gnome-keyring for the keychain test when it is missing, in the same one install', () => {
    const calls = sandbox(['zsh', 'fish'], { keyring: false }).run().split('\n').filter((l) => l.startsWith('apt-get'));
    expect(calls).toEqual(['apt-get update -qq', 'apt-get install -y -qq --no-install-recommends gnome-keyring dbus-x11 dbus-daemon']);
  });

  it('does not touch apt when both shells are there, and still runs the tests', () => {
    const calls = sandbox(['zsh', 'fish']).run();
    expect(calls).not.toContain('apt-get');
    expect(calls).toContain('npm test');
  });

  it('ends with the plain line `N passed, N failed` from the runner\'s report (skipped tests on the line before)', () => {
    const box = sandbox(['zsh', 'fish']);
    // The npm stub writes the report vitest would write for `npm test`.
    const report = JSON.stringify({ numPassedTests: 7, numFailedTests: 2, numPendingTests: 1, numTodoTests: 0 });
    symlinkSync(REAL('mkdir'), join(box.dir, 'bin', 'mkdir'));
    writeFileSync(join(box.dir, 'bin', 'npm'), `#!${REAL('bash')}\nif [ "$1" = test ]; then mkdir -p .tmp && echo '${report}' > .tmp/test-results.json; fi\n`);
    let out = '';
    try {
      out = execFileSync(REAL('bash'), [join(box.dir, '.ci', 'run')], { env: { PATH: join(box.dir, 'bin') }, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      out = (e as { stdout: string }).stdout;
    }
    expect(out.trimEnd().split('\n').slice(-2)).toEqual(['(1 skipped)', '7 passed, 2 failed']);
  });
});
