/**
 * Several CLI processes writing the same files at once: 8 `auth login --with-token` on
 * one config home, 8 `link` in one directory. The files must stay valid JSON with their
 * modes (store 0600 in a 0700 directory), with no temporary files left behind.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, type Bed } from '../e2e/harness.js';
import { seedApp, show } from './helpers.js';

const N = 8;
let b: Bed;
beforeAll(async () => {
  b = await bed();
});
afterAll(async () => {
  await b?.close();
});

const storeDir = () => join(b.home, 'config', 'spice-cloud');

function parseStore(): { profiles: Record<string, { token: string }> } {
  return JSON.parse(readFileSync(join(storeDir(), 'config.json'), 'utf8')) as { profiles: Record<string, { token: string }> };
}

describe(`${N} processes at once`, () => {
  it(`auth login --with-token into ${N} profiles: the store stays valid JSON, 0600 in a 0700 directory, no temp files left`, async () => {
    const runs = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        b.run(['auth', 'login', '--with-token', '--profile', `p${i}`], { env: { SPICE_API_TOKEN: undefined }, stdin: `${b.emu.token}\n` }),
      ),
    );
    for (const r of runs) expect(r.code, show(r)).toBe(0);
    expect(() => parseStore()).not.toThrow();
    expect(statSync(join(storeDir(), 'config.json')).mode & 0o777).toBe(0o600);
    expect(statSync(storeDir()).mode & 0o777).toBe(0o700);
    expect(readdirSync(storeDir())).toEqual(['config.json']);
  });

  it(`auth login --with-token into ${N} profiles: every login that reported success is kept (no lost update)`, async () => {
    const runs = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        b.run(['auth', 'login', '--with-token', '--profile', `kept${i}`], { env: { SPICE_API_TOKEN: undefined }, stdin: `${b.emu.token}\n` }),
      ),
    );
    for (const r of runs) expect(r.code, show(r)).toBe(0);
    const kept = Object.keys(parseStore().profiles).filter((p) => p.startsWith('kept'));
    expect(kept.sort()).toEqual(Array.from({ length: N }, (_, i) => `kept${i}`));
  });

  it(`link to ${N} different apps in one directory: the link file is valid JSON naming one of them, no temp files left`, async () => {
    const ids = await Promise.all(Array.from({ length: N }, (_, i) => seedApp(b.emu, `linked-app-${i}`, { spicepod: false })));
    const dir = join(b.home, 'project');
    mkdirSync(dir);
    const runs = await Promise.all(ids.map((id) => b.run(['link', String(id)], { cwd: dir })));
    for (const r of runs) expect(r.code, show(r)).toBe(0);
    const link = JSON.parse(readFileSync(join(dir, '.spice', 'cloud.json'), 'utf8')) as { app_id: number; app_name: string };
    expect(ids).toContain(link.app_id);
    expect(link.app_name).toBe(`linked-app-${ids.indexOf(link.app_id)}`);
    expect(readdirSync(join(dir, '.spice'))).toEqual(['cloud.json']);
  });
});
