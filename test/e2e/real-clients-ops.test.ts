/**
 * The operations Spice.ai's own clients have and spice-cloud gained for them
 * (reference/real-clients.md): forks, orgs, rollback, metrics, whoami and the browser
 * login, end to end against the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, plain, requestLines, runPty, snapshot, type Bed } from './harness.js';

const SPICEPOD = { version: 'v1', kind: 'Spicepod', name: 'p', datasets: [{ from: 's3://b/t', name: 't' }] };

describe('forks and orgs', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed({ strict: true });
    await b.call('POST', '/v1/apps', { name: 'source-app', cname: 'us-east-1' });
    await b.call('PUT', '/v1/apps/1', { spicepod: SPICEPOD, replicas: 2 });
  });
  afterAll(() => b.close());

  it('apps fork copies the configuration into a new app, not deployed', async () => {
    const r = await b.run(['apps', 'fork', 'source-app', 'source-copy', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'source-copy', forked_from: { id: 1, name: 'source-app' }, config: { replicas: 2 } });
    expect(requestLines(b.emu)).toContain('POST /v1/projects/1/forks 201');
    expect(snapshot(b.emu).deployments).toEqual([]);
  });

  it('apps forks lists them (piped: TSV), and a taken name is a conflict', async () => {
    const r = await b.run(['apps', 'forks', 'source-app']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^2\tsource-copy\t/m);
    const taken = await b.run(['apps', 'fork', 'source-app', 'source-copy']);
    expect(taken.code).toBe(5);
  });

  it('orgs list shows the organizations and the role', async () => {
    const r = await b.run(['orgs', 'list', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ id: 1, name: 'emulator', role: 'owner' }]);
    const tsv = await b.run(['orgs', 'list']);
    expect(tsv.stdout).toBe('1\temulator\towner\n');
  });
});

describe('deployments rollback', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed();
    await b.call('POST', '/v1/apps', { name: 'roll-app', region: 'us-east-1' });
    await b.call('PUT', '/v1/apps/1', { spicepod: SPICEPOD });
  });
  afterAll(() => b.close());

  it('refuses clearly when there is no earlier succeeded deployment, sending nothing', async () => {
    const none = await b.run(['deployments', 'rollback', '-a', 'roll-app', '--yes']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no earlier succeeded deployment to roll back to/);
    await b.run(['deploy', '-a', 'roll-app', '--image-tag', '1.11.4', '--replicas', '2', '--branch', 'main', '--commit-sha', 'abc1234', '--wait']);
    const one = await b.run(['deployments', 'rollback', '-a', 'roll-app', '--yes']);
    expect(one.code).toBe(1);
    expect(one.stderr).toMatch(/deployment 1 is the only one that succeeded/);
    expect(snapshot(b.emu).deployments).toHaveLength(1);
  });

  it('asks first: without a terminal and --yes it exits 9 before any request', async () => {
    const from = b.emu.requests().length;
    const r = await b.run(['deployments', 'rollback', '-a', 'roll-app']);
    expect(r.code).toBe(9);
    expect(b.emu.requests().length).toBe(from);
  });

  it('redeploys what the previous succeeded deployment ran and waits with deploy --wait exit codes', async () => {
    await b.run(['deploy', '-a', 'roll-app', '--image-tag', '2.0.1', '--wait']);
    const r = await b.run(['deployments', 'rollback', '-a', 'roll-app', '--yes', '--wait', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(d).toMatchObject({ id: 3, status: 'succeeded', image_tag: '1.11.4', replicas: 2, branch: 'main', commit_sha: 'abc1234', commit_message: 'Rollback to deployment 1' });
    expect(r.stderr).toMatch(/Deployment 3 rolls app roll-app back to deployment 1 \(image tag 1\.11\.4, 2 replicas, main@abc1234\)/);
  });

  it('an explicit target must have succeeded; a failed rollback deployment exits 6', async () => {
    const bad = await b.run(['deployments', 'rollback', '-a', 'roll-app', '99', '--yes']);
    expect(bad.code).toBe(3);
    await b.call('PUT', '/v1/apps/1', { tags: { 'emulator-fail': 'unable_to_start' } });
    const failed = await b.run(['deployments', 'rollback', '-a', 'roll-app', '2', '--yes', '--wait']);
    expect(failed.code).toBe(6);
    const refused = await b.run(['deployments', 'rollback', '-a', 'roll-app', '4', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/deployment 4 failed: only a succeeded deployment can be rolled back to/);
  });
});

describe('apps metrics', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed();
    await b.call('POST', '/v1/apps', { name: 'busy-app', region: 'us-east-1' });
    await b.call('PUT', '/v1/apps/1', { spicepod: SPICEPOD, resources: { limits: { cpu: '2', memory: '4Gi' } } });
    await b.call('POST', '/v1/apps/1/deployments', { replicas: 3 });
    await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(() => b.close());

  it('--json is the API answer: one pod per replica, partial figures allowed', async () => {
    const r = await b.run(['apps', 'metrics', 'busy-app', '--window', '5m', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout) as { metrics: Record<string, Record<string, number>>; ingestion: unknown };
    expect(Object.keys(m.metrics)).toEqual(['busy-app-1-0', 'busy-app-1-1', 'busy-app-1-2']);
    expect(m.metrics['busy-app-1-0']).toMatchObject({ cpu_usage_percent: expect.any(Number), memory_usage_bytes: expect.any(Number) });
    expect(m.ingestion).toMatchObject({ rows_ingested: 1000 });
    expect(requestLines(b.emu)).toContain('GET /v1/apps/1/metrics?window=5m 200');
  });

  it('piped: TSV, one row per pod with the raw figures', async () => {
    const r = await b.run(['apps', 'metrics', 'busy-app']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^busy-app-1-0\t\d+(\.\d+)?\t\d+\t\d+\t\d+\t\d+\t\d+$/);
  });

  it('on a terminal: gauges against the limits, in human units', async () => {
    const r = await b.pty(['apps', 'metrics', 'busy-app'], [], { env: { COLUMNS: '160' } });
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(out).toMatch(/busy-app-1-0\s+[█░]{10} \d+\.\d% of 2 CPU\s+[█░]{10} \d+(\.\d+)? (MiB|GiB) \/ 4 GiB/);
  });

  it('--watch piped samples repeatedly (a time per line); Ctrl-C exits 130', async () => {
    const r = await b.run(['apps', 'metrics', 'busy-app', '--watch', '1s'], { interruptAfterMs: 2600 });
    expect(r.code).toBe(130);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z\tbusy-app-1-0\t/);
    expect(r.stderr).toMatch(/stopped watching metrics after \d+ samples/);
  });

  it('--watch on a terminal redraws in place with sparklines', async () => {
    // runPty, not b.pty: Ctrl-C in the terminal would also stop b.pty's wrapping shell.
    const r = await runPty(['apps', 'metrics', 'busy-app', '--watch', '1s'], [{ expect: 'cpu', send: '', delay: 2.5 }, { expect: 'cpu', send: '\x03' }], { env: { ...b.env, COLUMNS: '160' }, cwd: b.home });
    expect(r.output).toMatch(/\x1b\[\d+F\x1b\[J/);
    expect(plain(r.output)).toMatch(/cpu [█░]{10} .*[▁▂▃▄▅▆▇█]{2,}/);
    expect(plain(r.output)).toMatch(/stopped watching metrics after \d+ samples/);
  });
});

describe('auth whoami and the browser login', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed();
  });
  afterAll(() => b.close());

  it('auth whoami names the user, org and scopes', async () => {
    const r = await b.run(['auth', 'whoami', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ user: 'ada', email: 'ada@example.com', org: 'emulator', scopes: ['*'], orgs: [{ name: 'emulator', role: 'owner' }] });
    expect(requestLines(b.emu)).toContain('GET /api/spice-cli/auth 200');
  });

  it('auth login --web without a terminal fails at once (exit 9), sending nothing', async () => {
    const from = b.emu.requests().length;
    const r = await b.run(['auth', 'login', '--web'], { env: { SPICE_API_TOKEN: undefined } });
    expect(r.code).toBe(9);
    expect(r.stderr).toMatch(/a browser login needs a terminal/);
    expect(b.emu.requests().length).toBe(from);
  });

  it('auth login --web prints the URL and code, polls until approved, and stores the token like a pasted one', async () => {
    const admin = (method: string, body?: unknown) =>
      fetch(`${b.emu.url}/__emulator/device`, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) }).then((r) => r.json() as Promise<{ pending?: string[] }>);
    const login = b.pty(['auth', 'login', '--web'], [], { env: { SPICE_API_TOKEN: undefined, SSH_CONNECTION: '10.0.0.1 1 10.0.0.2 22' }, timeoutS: 20 });
    let code: string | undefined;
    for (let i = 0; i < 100 && !code; i++) {
      await new Promise((r) => setTimeout(r, 100));
      code = (await admin('GET')).pending?.[0];
    }
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    await admin('POST', { code });
    const r = await login;
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(out).toContain(`${b.emu.url}/auth/token?code=${code}`);
    expect(out).toMatch(/Logged in to/);
    expect(out).not.toMatch(/browser window was opened/);
    const who = await b.run(['auth', 'whoami', '--json'], { env: { SPICE_API_TOKEN: undefined } });
    expect(who.code, who.stderr).toBe(0);
    expect(JSON.parse(who.stdout)).toMatchObject({ user: 'ada', credentials: 'stored by `auth login`' });
  });

  it('a denied browser login stores nothing (exit 4)', async () => {
    const admin = (method: string, body?: unknown) =>
      fetch(`${b.emu.url}/__emulator/device`, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) }).then((r) => r.json() as Promise<{ pending?: string[] }>);
    const login = b.pty(['auth', 'login', '--web', '--profile', 'denied'], [], { env: { SPICE_API_TOKEN: undefined }, timeoutS: 20 });
    let code: string | undefined;
    for (let i = 0; i < 100 && !code; i++) {
      await new Promise((r) => setTimeout(r, 100));
      code = (await admin('GET')).pending?.[0];
    }
    await admin('POST', { code, approve: false });
    const r = await login;
    expect(r.code, plain(r.output)).toBe(4);
    expect(plain(r.output)).toMatch(/denied; nothing was stored/);
  });
});
