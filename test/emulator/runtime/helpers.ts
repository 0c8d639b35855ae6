/** Helpers for the emulated runtime's tests: an emulator with a data dir, a deployed app, runtime calls. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, start } from '../helpers.js';
import type { EmulatorOptions, RunningEmulator } from '../../../src/emulator/index.js';

export const REVIEWS_CSV = [
  'id,product,rating,body,price,reviewed_at',
  '1,kettle,5,"The kettle boils water fast and the handle stays cool",39.90,2026-01-03 10:00:00',
  '2,kettle,2,"Loud whistle; the lid broke after a week",39.90,2026-01-04 11:30:00',
  '3,toaster,4,"Toasts bread evenly, crumbs tray is easy to clean",24.50,2026-01-05 08:15:00',
  '4,toaster,1,"Burnt every slice of bread, even on the lowest setting",24.50,2026-01-06 09:00:00',
  '5,blender,5,"Smoothies in seconds, powerful motor, quiet enough",89.00,2026-01-07 18:45:00',
  '6,blender,3,"Good motor but the jar leaks water at the base",89.00,2026-01-08 07:20:00',
].join('\n') + '\n';

export const SPICEPOD = {
  version: 'v1',
  kind: 'Spicepod',
  name: 'shop',
  datasets: [
    {
      from: 'file:reviews.csv',
      name: 'reviews',
      description: 'product reviews',
      columns: [{ name: 'body', full_text_search: { enabled: true, row_id: ['id'] } }],
    },
    { from: 'postgres:public.orders', name: 'orders', params: { pg_host: 'db.internal', pg_pass: '${secrets:PG_PASS}' } },
    { from: 's3://bucket/data/', name: 'lake' },
    { from: 'file:reviews.csv', name: 'reviews_fast', acceleration: { enabled: true, engine: 'duckdb', refresh_mode: 'full' } },
  ],
  models: [{ from: 'openai:gpt-4o-mini', name: 'assistant', params: { openai_api_key: '${secrets:OPENAI_KEY}' } }],
};

export function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'runtime-test-'));
  writeFileSync(join(dir, 'reviews.csv'), REVIEWS_CSV);
  return dir;
}

export async function startWithRuntime(opts: EmulatorOptions = {}, runtime: EmulatorOptions['runtime'] = {}): Promise<RunningEmulator> {
  return start({ ...opts, runtime: runtime === false ? false : { dataDir: dataDir(), flight: false, ...runtime } });
}

export interface DeployedApp {
  id: number;
  name: string;
  key: string;
  key2: string;
}

/** Creates an app with `spicepod`, deploys it and waits until the deployment succeeded. */
export async function deployedApp(emu: RunningEmulator, name = 'shop-app', spicepod: unknown = SPICEPOD, deploy = true): Promise<DeployedApp> {
  const created = await call(emu, 'POST', '/v1/apps', { body: { name, region: 'us-east-1' } });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${created.text}`);
  const id = created.body.id as number;
  const put = await call(emu, 'PUT', `/v1/apps/${id}`, { body: { spicepod } });
  if (put.status !== 200) throw new Error(`put failed: ${put.status} ${put.text}`);
  const app = await call(emu, 'GET', `/v1/apps/${id}`);
  if (deploy) await deployAndWait(emu, id);
  return { id, name, key: app.body.api_key as string, key2: await secondaryKey(emu, id) };
}

export async function deployAndWait(emu: RunningEmulator, id: number): Promise<void> {
  const d = await call(emu, 'POST', `/v1/apps/${id}/deployments`, { body: {} });
  if (d.status !== 202) throw new Error(`deploy failed: ${d.status} ${d.text}`);
  for (let i = 0; i < 200; i++) {
    const g = await call(emu, 'GET', `/v1/apps/${id}/deployments/${d.body.id}`);
    if (g.body.status === 'succeeded') return;
    if (g.body.status === 'failed') throw new Error('deployment failed');
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('deployment did not finish');
}

/** The secondary key is not in the app view; GET …/api-keys has both. */
async function secondaryKey(emu: RunningEmulator, id: number): Promise<string> {
  const r = await call(emu, 'GET', `/v1/apps/${id}/api-keys`);
  return r.body.api_key_2 as string;
}

export interface RtRes {
  status: number;
  headers: Headers;
  text: string;
}

export async function rt(emu: RunningEmulator, method: string, path: string, o: { key?: string | null; body?: string | Buffer; headers?: Record<string, string> } = {}): Promise<RtRes> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.key) headers['x-api-key'] = o.key;
  const res = await fetch((emu.runtime?.url ?? '') + path, { method, headers, ...(o.body !== undefined ? { body: o.body } : {}) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

export const sqlCall = (emu: RunningEmulator, key: string, sql: string, accept = 'application/json') =>
  rt(emu, 'POST', '/v1/sql', { key, body: sql, headers: { 'content-type': 'text/plain', accept } });

export const jsonCall = (emu: RunningEmulator, key: string, path: string, body: unknown) =>
  rt(emu, 'POST', path, { key, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
