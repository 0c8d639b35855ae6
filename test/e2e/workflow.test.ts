/**
 * The documented workflow end to end (create → secrets → spicepod → deploy --wait → rotate
 * keys → delete), then the two ways a wait ends badly: a failed deployment (exit 6) and
 * the --timeout budget running out (exit 7).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, sha256, snapshot, type Bed } from './harness.js';

// The wait polls every 2 s by default; the hidden --interval keeps these runs short.
const FAST = ['--interval', '50ms'];

describe('workflow: create → secrets → spicepod → deploy → rotate → delete', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed();
  });
  afterAll(() => b.close());

  it('takes an app from creation to a succeeded deployment and back to deleted, one command at a time', async () => {
    const created = await b.run(['apps', 'create', 'wf-app', '--region', 'us-east-1', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const app = JSON.parse(created.stdout) as { id: number; name: string; region: string };
    expect(app).toMatchObject({ name: 'wf-app', region: 'us-east-1' });

    // A secret piped on stdin: exactly one trailing newline is dropped.
    const set = await b.run(['secrets', 'set', 'DB_PASSWORD', '-a', 'wf-app'], { stdin: 'hunter2\n' });
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout + set.stderr).not.toContain('hunter2');

    // Many secrets from a .env file (comments and quotes handled).
    writeFileSync(join(b.home, '.env'), '# staging\nAPI_TOKEN=tok-123\nDB_HOST="db.internal"\n');
    const imported = await b.run(['secrets', 'import', '.env', '-a', 'wf-app']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/Imported 2 secrets to app wf-app \(2 created, 0 updated\)/);

    const secrets = snapshot(b.emu).secrets.filter((s) => s.app_id === app.id);
    expect(Object.fromEntries(secrets.map((s) => [s.name, s.value]))).toEqual({
      DB_PASSWORD: sha256('hunter2'),
      API_TOKEN: sha256('tok-123'),
      DB_HOST: sha256('db.internal'),
    });

    writeFileSync(join(b.home, 'spicepod.yaml'), 'version: v1\nkind: Spicepod\nname: wf\ndatasets: []\n');
    const updated = await b.run(['apps', 'update', 'wf-app', '--spicepod', 'spicepod.yaml']);
    expect(updated.code, updated.stderr).toBe(0);
    expect(snapshot(b.emu).apps[0]!.config.spicepod).toEqual({ version: 'v1', kind: 'Spicepod', name: 'wf', datasets: [] });

    const deployed = await b.run(['deploy', '-a', 'wf-app', '--wait', '--json', ...FAST]);
    expect(deployed.code, deployed.stderr).toBe(0);
    const final = JSON.parse(deployed.stdout) as { id: number; status: string };
    expect(final.status).toBe('succeeded');
    expect(deployed.stderr).toMatch(new RegExp(`Deployment ${final.id} succeeded`));
    expect(snapshot(b.emu).deployments).toEqual([expect.objectContaining({ id: final.id, app_id: app.id, status: 'succeeded' })]);

    const before = snapshot(b.emu).apps[0]!;
    const rotated = await b.run(['keys', 'rotate', '-a', 'wf-app', '--yes']);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stderr).toMatch(/Step 1\/3[\s\S]*Step 3\/3[\s\S]*rotated both API keys of app "wf-app" without waiting: clients still on the old primary key have stopped working/);
    const after = snapshot(b.emu).apps[0]!;
    expect(after.api_key).not.toBe(before.api_key);
    expect(after.api_key_2).not.toBe(before.api_key_2);

    const deleted = await b.run(['apps', 'delete', 'wf-app', '--yes']);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stderr).toContain('Deleted app wf-app');
    expect(snapshot(b.emu).apps[0]!.deleted_at).not.toBeNull();
    const list = await b.run(['apps', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });
});

describe('a deployment that fails', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed();
    const { data: app } = await b.call<{ id: number }>('POST', '/v1/apps', { name: 'fail-app', region: 'us-east-1' });
    await b.call('PUT', `/v1/apps/${app.id}`, { spicepod: 'version: v1\nkind: Spicepod\nname: f\n' });
  });
  afterAll(() => b.close());

  it('deploy --wait exits 6 and names the error code and message when the emulator-fail tag is set', async () => {
    const tagged = await b.run(['apps', 'update', 'fail-app', '--tag', 'emulator-fail=unable_to_start']);
    expect(tagged.code, tagged.stderr).toBe(0);

    const r = await b.run(['deploy', '-a', 'fail-app', '--wait', ...FAST]);
    expect(r.code, r.stderr).toBe(6);
    expect(r.stderr).toMatch(/error: deployment 1 failed: Failed to start the Spice runtime.*\(unable_to_start\)/);
    expect(r.stderr).toMatch(/hint: .*spice-cloud deployments logs -a fail-app 1/);
    // Piped: every field of the final deployment, so scripts see error_code/error_message too.
    expect(r.stdout).toMatch(/^status\tfailed$/m);
    expect(r.stdout).toMatch(/^error_code\tunable_to_start$/m);
  });

  it('with --json, the failed deployment goes to stdout and the error object to stderr', async () => {
    const r = await b.run(['deploy', '-a', 'fail-app', '--wait', '--json', ...FAST]);
    expect(r.code, r.stderr).toBe(6);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 2, status: 'failed', error_code: 'unable_to_start', error_message: expect.stringContaining('Failed to start') });
    const err = JSON.parse(r.stderr.trim().split('\n').pop()!) as { error: Record<string, unknown> };
    expect(err.error).toMatchObject({ code: 'deployment_failed', message: expect.stringContaining('unable_to_start') });
  });

  it('deployments watch of the failed deployment also exits 6', async () => {
    const r = await b.run(['deployments', 'watch', '-a', 'fail-app', '1', ...FAST]);
    expect(r.code, r.stderr).toBe(6);
    expect(r.stderr).toContain('deployment 1 failed');
  });
});

describe('a deployment slower than --timeout', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed({ queuedMs: 0, runningMs: 600_000 });
    const { data: app } = await b.call<{ id: number }>('POST', '/v1/apps', { name: 'slow-app', region: 'us-east-1' });
    await b.call('PUT', `/v1/apps/${app.id}`, { spicepod: 'version: v1\nkind: Spicepod\nname: s\n' });
  });
  afterAll(() => b.close());

  it('deploy --wait --timeout 1s exits 7 after about a second and says the deployment keeps running', async () => {
    const r = await b.run(['deploy', '-a', 'slow-app', '--wait', '--timeout', '1s', ...FAST]);
    expect(r.code, r.stderr).toBe(7);
    expect(r.ms).toBeLessThan(10_000); // not the deployment's 10 minutes
    expect(r.stderr).toMatch(/error: deployment 1 is still in progress after 1s/);
    expect(r.stderr).toContain('spice-cloud deployments watch -a slow-app 1');
    // Only the wait gave up: the deployment is still running on the server.
    expect(snapshot(b.emu).deployments[0]).toMatchObject({ id: 1, status: 'in_progress' });
  });
});
