import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EmulatorStateError, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { findSpecFile } from '../../src/emulator/spec.js';
import { call, createApp, start } from './helpers.js';

let dir: string;
let emu: RunningEmulator | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spice-emu-'));
});
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('state file', () => {
  it('persists apps, secrets, deployments and members across a restart; ids keep counting', async () => {
    const stateFile = join(dir, 'nested', 'state.json');
    emu = await start({ stateFile });
    const id = await createApp(emu, 'persisted', { region: 'us-west-2' }, true);
    await call(emu, 'POST', `/v1/apps/${id}/secrets`, { body: { name: 'DB_PASS', value: 'pw-1' } });
    const dep = (await call(emu, 'POST', `/v1/apps/${id}/deployments`)).body.id;
    await call(emu, 'POST', '/v1/members', { body: { username: 'linus' } });
    const keys = (await call(emu, 'GET', `/v1/apps/${id}/api-keys`)).body;
    // written after each mutation, before close
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).apps).toHaveLength(1);
    await emu.close();

    emu = await start({ stateFile });
    const app = (await call(emu, 'GET', `/v1/apps/${id}`)).body;
    expect(app).toMatchObject({ name: 'persisted', region: 'us-west-2', api_key: keys.api_key });
    expect(app.config.spicepod.name).toBe('demo');
    expect((await call(emu, 'GET', `/v1/apps/${id}/secrets/DB_PASS`)).status).toBe(200);
    expect((await call(emu, 'GET', `/v1/apps/${id}/deployments/${dep}`)).body.status).toBe('succeeded');
    expect((await call(emu, 'GET', '/v1/members/3')).body.username).toBe('linus');
    expect(await createApp(emu, 'second')).toBe(id + 1);
    const dep2 = (await call(emu, 'POST', `/v1/apps/${id}/deployments`)).body.id;
    expect(dep2).toBe(dep + 1);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['state.json']);
  });

  it('OAuth tokens survive a restart (stored as sha256 only)', async () => {
    const stateFile = join(dir, 'state.json');
    emu = await start({ stateFile });
    const tok = await call(emu, 'POST', '/api/oauth/token', {
      token: null,
      body: { grant_type: 'client_credentials', client_id: 'emulator-client', client_secret: 'emulator-secret' },
    });
    const token = tok.body.access_token as string;
    await emu.close();
    expect(readFileSync(stateFile, 'utf8')).not.toContain(token);
    expect(readFileSync(stateFile, 'utf8')).toContain(sha(token));
    emu = await start({ stateFile });
    expect((await call(emu, 'GET', '/v1/apps', { token })).status).toBe(200);
  });

  it('a missing state file starts fresh', async () => {
    emu = await start({ stateFile: join(dir, 'absent.json') });
    expect((await call(emu, 'GET', '/v1/apps')).body.apps).toEqual([]);
  });

  it.each([
    ['not json', '{"version": 1, "apps": ['],
    ['empty', ''],
    ['wrong version', JSON.stringify({ version: 7 })],
    ['missing arrays', JSON.stringify({ version: 1, next_ids: { app: 1, deployment: 1, secret: 1 } })],
    ['an array', '[]'],
  ])('a corrupt file (%s) throws EmulatorStateError with a one-line message naming the file', async (_why, content) => {
    const stateFile = join(dir, 'bad.json');
    writeFileSync(stateFile, content);
    const err = await startEmulator({ port: 0, stateFile }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmulatorStateError);
    const message = (err as Error).message;
    expect(message.startsWith(`state file ${stateFile} is not valid emulator state: `)).toBe(true);
    expect(message).not.toContain('\n');
  });
});

describe('secrets never leak', () => {
  it('the request log holds no secret value, token, client secret or API key', async () => {
    emu = await start({ tokens: ['extra-token-value:apps:read'] });
    const id = await createApp(emu, 'leaky');
    await call(emu, 'POST', `/v1/apps/${id}/secrets`, { body: { name: 'PW', value: 'super-secret-value' } });
    const keys = (await call(emu, 'POST', `/v1/apps/${id}/api-keys`, { body: { key_number: 0 } })).body;
    const tok = await call(emu, 'POST', '/api/oauth/token?client_secret=query-secret&token=query-token', {
      token: null,
      body: { grant_type: 'client_credentials', client_id: 'emulator-client', client_secret: 'emulator-secret' },
    });
    await call(emu, 'GET', '/v1/apps', { token: 'extra-token-value' });
    await call(emu, 'GET', '/v1/apps', { token: tok.body.access_token });

    const log = JSON.stringify(emu.requests()) + (await fetch(`${emu.url}/__emulator/requests`).then((r) => r.text()));
    for (const s of ['super-secret-value', keys.api_key, keys.api_key_2, tok.body.access_token, 'emulator-secret', emu.token, 'extra-token-value', 'query-secret', 'query-token']) {
      expect(log).not.toContain(s);
    }
    expect(emu.requests().some((e) => e.path === '/api/oauth/token?client_secret=***&token=***')).toBe(true);
  });

  it('the snapshot exposes only sha256 of secret values and API keys', async () => {
    emu = await start();
    const id = await createApp(emu, 'snap-app');
    await call(emu, 'POST', `/v1/apps/${id}/secrets`, { body: { name: 'PW', value: 'snap-secret' } });
    const keys = (await call(emu, 'GET', `/v1/apps/${id}/api-keys`)).body;
    const snap = emu.snapshot() as { secrets: Array<{ value: string }>; apps: Array<{ api_key: string; api_key_2: string }> };
    const text = JSON.stringify(snap) + (await fetch(`${emu.url}/__emulator/state`).then((r) => r.text()));
    expect(text).not.toContain('snap-secret');
    expect(text).not.toContain(keys.api_key);
    expect(snap.secrets[0]?.value).toBe(sha('snap-secret'));
    expect(snap.apps[0]?.api_key).toBe(sha(keys.api_key));
    expect(snap.apps[0]?.api_key_2).toBe(sha(keys.api_key_2));
  });

  it('the emulator prints nothing', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m));
    const out = vi.spyOn(process.stdout, 'write');
    const err = vi.spyOn(process.stderr, 'write');
    try {
      emu = await start({ stateFile: join(dir, 's.json'), faults: [{ action: 'drop', path: '/v1/regions' }] });
      await createApp(emu, 'quiet-app');
      await call(emu, 'GET', '/v1/regions').catch(() => undefined);
      await call(emu, 'POST', '/v1/apps', { raw: '{bad', headers: { 'content-type': 'application/json' } });
      await emu.close();
      emu = undefined;
      for (const s of [...spies, out, err]) expect(s).not.toHaveBeenCalled();
    } finally {
      for (const s of [...spies, out, err]) s.mockRestore();
    }
  });
});

describe('server lifecycle', () => {
  it('binds loopback on an ephemeral port and reports url, port and token', async () => {
    emu = await start();
    expect(emu.url).toBe(`http://127.0.0.1:${emu.port}`);
    expect(emu.port).toBeGreaterThan(0);
    expect(emu.token).toBe('spice-emulator-token');
  });

  it('close() ends idle keep-alive sockets and in-flight delayed requests promptly', async () => {
    emu = await start({ faults: [{ action: 'delay', delayMs: 60_000, path: '/v1/regions' }] });
    const agent = new Agent({ keepAlive: true });
    const get = (path: string) =>
      new Promise<number | string>((resolve) => {
        const req = request(`${emu?.url}${path}`, { agent, headers: { authorization: `Bearer ${emu?.token}` } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', (e) => resolve((e as NodeJS.ErrnoException).code ?? 'error'));
        req.end();
      });
    expect(await get('/v1/health')).toBe(200); // leaves an idle keep-alive socket
    const hanging = get('/v1/regions');
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await emu.close();
    emu = undefined;
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(typeof (await hanging)).toBe('string');
    agent.destroy();
  });

  it('refuses a port that is in use', async () => {
    emu = await start();
    await expect(startEmulator({ port: emu.port })).rejects.toThrow(/EADDRINUSE/);
  });

  it('finds spec/openapi.json from a bundled dist/ location too', () => {
    const root = findSpecFile().replace(/[\\/]spec[\\/]openapi\.json$/, '');
    expect(findSpecFile(join(root, 'dist', 'chunks'))).toBe(join(root, 'spec', 'openapi.json'));
  });
});
