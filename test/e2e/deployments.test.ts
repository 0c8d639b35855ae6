/**
 * deploy and deployments watch/logs/list/get beyond the read-only output sweep: the three
 * output modes of deploy (with and without --wait) and watch, what a deploy records,
 * following logs to the end, superseded deployments and Ctrl-C while waiting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSI, bed, plain, snapshot, type Bed } from './harness.js';

// The wait polls every 2 s by default; the hidden --interval keeps these runs short.
const FAST = ['--interval', '50ms'];
const SPICEPOD = 'version: v1\nkind: Spicepod\nname: d\n';

async function appWithSpicepod(b: Bed, name: string): Promise<number> {
  const { data } = await b.call<{ id: number }>('POST', '/v1/apps', { name, region: 'us-east-1' });
  await b.call('PUT', `/v1/apps/${data.id}`, { spicepod: SPICEPOD });
  return data.id;
}

describe('deploy and deployments watch (instant deployments)', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed();
    await appWithSpicepod(b, 'dep-app');
  });
  afterAll(() => b.close());

  it('deploy, piped: every field as TSV (status queued), and the watch command on stderr', async () => {
    const r = await b.run(['deploy', '-a', 'dep-app', '--branch', 'main', '--commit-sha', 'abc1234', '--commit-message', 'ship it', '--replicas', '2', '--image-tag', '2.0.1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout).toMatch(/^id\t1\nstatus\tqueued\n/);
    expect(r.stdout).toMatch(/^branch\tmain$/m);
    expect(r.stdout).toMatch(/^error_code\t$/m); // piped keeps every field, even empty ones
    expect(r.stderr).toMatch(/^Deployment 1 of app dep-app is queued\. Watch it with `spice-cloud deployments watch -a dep-app 1`\.$/m);
    const recorded = await b.call('GET', '/v1/apps/1/deployments/1');
    expect(recorded.data).toMatchObject({ branch: 'main', commit_sha: 'abc1234', commit_message: 'ship it', replicas: 2, image_tag: '2.0.1' });
  });

  it('deploy --json: the new deployment object', async () => {
    const r = await b.run(['deploy', '-a', 'dep-app', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 2, status: 'queued', creation_source: 'api' });
  });

  it('deploy on a terminal: the set fields, aligned', async () => {
    const r = await b.pty(['deploy', '-a', 'dep-app']);
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(out).toMatch(/^id\s+3\nstatus\s+queued\ncreated_at\s+just now\n/m);
    expect(out).not.toMatch(/^error_code/m);
  });

  it('deploy --wait, piped: progress lines on stderr, the final deployment on stdout, exit 0', async () => {
    const r = await b.run(['deploy', '-a', 'dep-app', '--wait', ...FAST]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^id\t4\nstatus\tsucceeded\n/);
    expect(r.stderr).toMatch(/^Deployment 4: queued 0s$/m);
    expect(r.stderr).toMatch(/^Deployment 4 succeeded in \d+(ms|s)$/m);
    expect(r.stderr).not.toMatch(ANSI);
  });

  it('deploy --wait on a terminal: ends with a ✓ and the final fields', async () => {
    const r = await b.pty(['deploy', '-a', 'dep-app', '--wait', ...FAST]);
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(out).toMatch(/^status\s+succeeded$/m);
    expect(out).toMatch(/✓ Deployment 5 succeeded/);
  });

  it('deployments watch follows the latest deployment by default, in all three modes', async () => {
    const [piped, json, tty] = await Promise.all([
      b.run(['deployments', 'watch', '-a', 'dep-app', ...FAST]),
      b.run(['deployments', 'watch', '-a', 'dep-app', '3', '--json', ...FAST]),
      b.pty(['deployments', 'watch', '-a', 'dep-app', ...FAST]),
    ]);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stderr).toMatch(/^Watching deployment 5, the latest of app dep-app\.$/m);
    expect(piped.stdout).toMatch(/^id\t5\nstatus\tsucceeded\n/);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: 3, status: 'succeeded' });
    expect(tty.code, tty.output).toBe(0);
    expect(plain(tty.output)).toMatch(/✓ Deployment 5 succeeded/);
  });

  it('deployments list filters by --status and --limit', async () => {
    const [limited, none] = await Promise.all([
      b.run(['deployments', 'list', '-a', 'dep-app', '--limit', '2', '--status', 'succeeded']),
      b.run(['deployments', 'list', '-a', 'dep-app', '--status', 'failed']),
    ]);
    expect(limited.code, limited.stderr).toBe(0);
    expect(limited.stdout.split('\n').filter(Boolean).map((l) => l.split('\t').slice(0, 2).join(' '))).toEqual(['5 succeeded', '4 succeeded']);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/No failed deployments for app dep-app/);
  });

  it('deployments get and logs of an unknown deployment exit 3', async () => {
    const [get, logs] = await Promise.all([b.run(['deployments', 'get', '99', '-a', 'dep-app']), b.run(['deployments', 'logs', '99', '-a', 'dep-app', '--json'])]);
    expect(get.code).toBe(3);
    expect(get.stderr).toMatch(/^error: no deployment 99 in dep-app$/m);
    expect(get.stderr).toMatch(/^hint: List them with `spice-cloud deployments list -a dep-app`\.$/m);
    expect(logs.code).toBe(3);
    expect(logs.stdout).toBe('');
  });

  it('deploying an app without a spicepod exits 1 with the API code and a hint to set one', async () => {
    await b.call('POST', '/v1/apps', { name: 'bare-app', region: 'us-east-1' });
    const r = await b.run(['deploy', '-a', 'bare-app', '--json']);
    expect(r.code).toBe(1);
    const err = (JSON.parse(r.stderr.trim()) as { error: Record<string, unknown> }).error;
    expect(err).toMatchObject({ status: 400, code: 'spicepod_missing', hint: expect.stringContaining('--spicepod') });
  });
});

describe('deployments that take a while', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed({ queuedMs: 0, runningMs: 1200 });
    await appWithSpicepod(b, 'slow-app');
  });
  afterAll(() => b.close());

  it('logs --follow prints lines as they appear and exits 0 once the deployment has finished', async () => {
    await b.call('POST', '/v1/apps/1/deployments', {});
    const r = await b.run(['deployments', 'logs', '1', '-a', 'slow-app', '--follow', '--interval', '100ms']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => l.split('\t')[2]);
    expect(lines[0]).toBe('Deployment 1 of slow-app queued');
    expect(lines.at(-1)).toBe('Runtime ready; deployment 1 succeeded');
    expect(new Set(lines).size).toBe(lines.length); // no line printed twice
    expect(r.stderr).toMatch(/Deployment 1 succeeded; end of logs\./);
    expect(r.ms).toBeGreaterThanOrEqual(900);
  });

  it('watching a deployment that a newer one superseded exits 6 and names the newer one', async () => {
    await b.call('POST', '/v1/apps/1/deployments', {});
    await b.call('POST', '/v1/apps/1/deployments', {});
    const r = await b.run(['deployments', 'watch', '-a', 'slow-app', '2', '--json', ...FAST]);
    expect(r.code, r.stderr).toBe(6);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 2, status: 'created' });
    const err = (JSON.parse(r.stderr.trim().split('\n').pop()!) as { error: Record<string, unknown> }).error;
    expect(err).toMatchObject({ code: 'superseded', message: expect.stringMatching(/deployment 2 was superseded by deployment 3/) });
  });
});

describe('Ctrl-C while waiting', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed({ queuedMs: 0, runningMs: 600_000 });
    await appWithSpicepod(b, 'long-app');
  });
  afterAll(() => b.close());

  it('deploy --wait stops at Ctrl-C with exit 130; the deployment keeps running on the server', async () => {
    const r = await b.run(['deploy', '-a', 'long-app', '--wait', ...FAST], { interruptOn: /Deployment 1: in progress/ });
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/^error: stopped waiting: deployment 1 is still in progress on the server; watch it with `spice-cloud deployments watch -a long-app 1`$/m);
    expect(snapshot(b.emu).deployments).toEqual([expect.objectContaining({ id: 1, status: 'in_progress' })]);
  });

  it('logs --follow stops at Ctrl-C with exit 130, like watch', async () => {
    // --verbose traces each answer on stderr: interrupt once the first batch of lines has arrived.
    const r = await b.run(['deployments', 'logs', '1', '-a', 'long-app', '--follow', '--verbose', ...FAST], { interruptOn: /< \{"logs":\[\{/ });
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout).toMatch(/\tDeployment 1 of long-app queued$/m);
    expect(r.stderr).toMatch(/^error: stopped following: deployment 1 is still (queued|in progress) on the server$/m);
  });
});
