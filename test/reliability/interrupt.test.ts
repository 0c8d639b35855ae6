/**
 * Ctrl-C (SIGINT) in the middle of long commands: exit 130, one line saying what was
 * done and what was not, the server state agreeing with that line, and the credential
 * store (in use: the token comes from `auth login`, not the environment) still valid.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { bed, type Bed } from '../e2e/harness.js';
import { clearLog, errorShapeProblems, figure, hits, loginStored, seedApp, show, snap, spawnCli } from './helpers.js';

const beds: Bed[] = [];
afterAll(async () => {
  await Promise.all(beds.map((b) => b.close()));
});

function storeIntact(b: Bed): { parses: boolean; mode: number; hasToken: boolean } {
  const file = join(b.home, 'config', 'spice-cloud', 'config.json');
  const text = readFileSync(file, 'utf8');
  let parsed: { profiles?: Record<string, { token?: string }> } | undefined;
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    /* reported below */
  }
  return { parses: parsed !== undefined, mode: statSync(file).mode & 0o777, hasToken: parsed?.profiles?.default?.token === b.emu.token };
}

describe.concurrent('Ctrl-C', () => {
  it('during deploy --wait: exit 130, says the deployment is still running and how to follow it; store intact', async ({ expect }) => {
    const b = await bed({ queuedMs: 60_000, runningMs: 1000 });
    beds.push(b);
    const env = await loginStored(b);
    const app = await seedApp(b.emu, 'interrupted-app');
    const r = await b.run(['deploy', '-a', String(app), '--wait', '--interval', '200ms'], {
      env: { ...env, SPICE_API_TOKEN: undefined },
      interruptOn: /Deployment \d+: queued/,
    });
    expect(r.code, show(r)).toBe(130);
    expect(r.stderr).toMatch(/^error: stopped waiting: deployment (\d+) is still queued on the server; watch it with `spice-cloud deployments watch -a \d+ \1`$/m);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    // Done: the deployment was created (once). Not done: it has not finished.
    expect(snap(b.emu).deployments.map((d) => d.status)).toEqual(['queued']);
    expect(storeIntact(b)).toEqual({ parses: true, mode: 0o600, hasToken: true });
  });

  it('during secrets import of 200 slow secrets: exit 130, names what was and was not set, matching the server; store intact', async ({ expect }) => {
    const b = await bed();
    beds.push(b);
    const env = await loginStored(b);
    const app = await seedApp(b.emu, 'import-app');
    b.emu.addFault({ method: 'POST', path: '/v1/apps/*/secrets', action: 'delay', delayMs: 100 });
    await clearLog(b.emu);
    const names = Array.from({ length: 200 }, (_, i) => `SECRET_${String(i + 1).padStart(3, '0')}`);
    const file = names.map((n, i) => `${n}=value-number-${i}`).join('\n');
    const r = await spawnCli(['secrets', 'import', '-', '-a', String(app)], {
      env: { ...env },
      cwd: b.home,
      stdin: file,
      // Interrupt once 40 secrets are in: well after the start, well before the end.
      interruptWhen: () => hits(b.emu, 'POST', /secrets$/).length >= 40,
    });
    expect(r.code, show(r)).toBe(130);
    expect(errorShapeProblems(r.stderr), r.stderr).toEqual([]);
    const m = /^error: interrupted: set (\d+) of 200 secrets; not set: (.*)$/m.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    const setCount = Number(m![1]);
    const stored = snap(b.emu).secrets.map((s) => s.name);
    // What the line says was done is exactly what the server has (in-flight requests finished).
    expect(stored).toHaveLength(setCount);
    expect(setCount).toBeGreaterThanOrEqual(40);
    expect(setCount).toBeLessThan(200);
    const notSet = m![2]!.split(', ');
    expect(new Set([...stored, ...notSet])).toEqual(new Set(names));
    expect(notSet.filter((n) => stored.includes(n))).toEqual([]);
    expect(storeIntact(b)).toEqual({ parses: true, mode: 0o600, hasToken: true });
    figure('interrupt', 'secrets import interrupted', { set: setCount, of: 200, ms: r.ms });
  });
});
