/**
 * Reads that cannot hang: FIFOs given as input files (secrets import, --from-file,
 * --spicepod, api --input) and a stdin held open by its writer. The first Ctrl-C exits
 * 130 with one line; limits are enforced while reading (/dev/zero stops at 1 MiB).
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, BIN, type Bed } from '../e2e/harness.js';
import { errorShapeProblems, seedApp } from './helpers.js';

let b: Bed;
beforeAll(async () => {
  b = await bed();
  await seedApp(b.emu, 'fifo-app');
});
afterAll(async () => b?.close());

/** Spawns the CLI with stdin left open (never written, never closed); SIGINT once `ready` shows or after `afterMs`. */
function runHeld(args: string[], o: { afterMs?: number } = {}): Promise<{ code: number | null; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...b.env, PATH: process.env.PATH ?? '' }, cwd: b.home, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const int = setTimeout(() => child.kill('SIGINT'), o.afterMs ?? 1500);
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('close', (code) => {
      clearTimeout(int);
      clearTimeout(kill);
      resolve({ code, stderr, ms: Date.now() - started });
    });
  });
}

/** A FIFO whose write end this process holds open (so a reader waits for data that never comes). */
function heldFifo(): { path: string; release: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'spice-fifo-'));
  const path = join(dir, 'input.env');
  execFileSync('mkfifo', [path]);
  const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
  return { path, release: () => closeSync(fd) };
}

describe('FIFOs and held stdin never hang the CLI', () => {
  for (const [what, args] of [
    ['secrets import <fifo>', (p: string) => ['secrets', 'import', p, '-a', 'fifo-app']],
    ['secrets set --from-file <fifo>', (p: string) => ['secrets', 'set', 'FIFO_VALUE', '-a', 'fifo-app', '--from-file', p]],
    ['apps update --spicepod <fifo>', (p: string) => ['apps', 'update', 'fifo-app', '--spicepod', p]],
    ['api --input <fifo>', (p: string) => ['api', '-X', 'POST', 'apps', '--input', p]],
  ] as const) {
    it(`${what}: the first Ctrl-C exits 130 with one line`, async () => {
      const fifo = heldFifo();
      try {
        const r = await runHeld(args(fifo.path));
        expect(r.code, r.stderr).toBe(130);
        expect(errorShapeProblems(r.stderr), r.stderr).toEqual([]);
        expect(r.stderr).toMatch(/interrupted/);
      } finally {
        fifo.release();
      }
    });
  }

  it('stdin held open by its writer: the first Ctrl-C exits 130 with one line', async () => {
    const r = await runHeld(['secrets', 'set', 'HELD', '-a', 'fifo-app']);
    expect(r.code, r.stderr).toBe(130);
    expect(errorShapeProblems(r.stderr), r.stderr).toEqual([]);
  });

  it('api --input /dev/zero stops at the 1 MiB limit at once', async () => {
    const r = await b.run(['api', '-X', 'POST', 'apps', '--input', '/dev/zero']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/larger than 1 MiB/);
    expect(r.ms).toBeLessThan(10_000);
  });
});
