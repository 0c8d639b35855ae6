/**
 * apps create/update/delete in their three output modes, with the emulator's state as
 * the witness; region/image filters; and how per-app commands find their app (name in any
 * case, ID, SPICE_APP, the link file from a subdirectory).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSI, bed, plain, requestLines, snapshot, type Bed } from './harness.js';

const MASKED = /^••••[0-9a-f]{4}$/;

describe('apps create / update / delete', () => {
  let b: Bed;
  const app = (name: string) => snapshot(b.emu).apps.find((a) => a.name === name);
  beforeAll(async () => {
    b = await bed();
  });
  afterAll(() => b.close());

  it('create, piped: field<TAB>value lines (key masked), success on stderr, the app exists with its tags', async () => {
    const r = await b.run(['apps', 'create', 'sales-data', '--region', 'us-east-1', '--description', 'Sales', '--tag', 'team=data', '--tag', 'env=dev']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout).toMatch(/^id\t1\nname\tsales-data\ndescription\tSales\n/);
    expect(r.stdout).toMatch(/^url\thttps:\/\/sales-data\.spice\.ai$/m);
    expect(r.stdout).toMatch(/^api_key\t••••[0-9a-f]{4}$/m);
    expect(r.stdout).toMatch(/^tags\tteam=data,env=dev$/m);
    expect(r.stderr).toBe('Created app sales-data (id 1)\n');
    expect(app('sales-data')).toMatchObject({ region: 'us-east-1', description: 'Sales', tags: { team: 'data', env: 'dev' } });
  });

  it('create --json: the app object with its config, the key masked; a cname picks its region', async () => {
    const r = await b.run(['apps', 'create', 'west-app', '--region', 'us-west-2-prod-aws-data', '--visibility', 'public', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const created = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(created).toMatchObject({ id: 2, name: 'west-app', region: 'us-west-2', visibility: 'public', api_key: expect.stringMatching(MASKED), config: expect.any(Object) });
    expect(app('west-app')?.region).toBe('us-west-2');
  });

  it('create on a terminal with --region: aligned fields and a ✓, no prompt', async () => {
    const r = await b.pty(['apps', 'create', 'tty-app', '--region', 'us-east-1']);
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(r.output).toMatch(ANSI);
    expect(out).toMatch(/^name\s+tty-app$/m);
    expect(out).toMatch(/^created_at\s+just now$/m);
    expect(out).toMatch(/✓ Created app tty-app \(id 3\)/);
    expect(out).not.toMatch(/\? Region/);
  });

  it('create refuses a disabled or unknown region (exit 2) and a terminal-less create without --region (exit 9), creating nothing', async () => {
    const [disabled, unknown, noRegion] = await Promise.all([
      b.run(['apps', 'create', 'eu-app', '--region', 'eu-west-1']),
      b.run(['apps', 'create', 'mars-app', '--region', 'mars-1']),
      b.run(['apps', 'create', 'where-app']),
    ]);
    expect(disabled.code).toBe(2);
    expect(disabled.stderr).toMatch(/^error: disabled region "eu-west-1": use one of us-east-1, us-west-2$/m);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown region "mars-1"/);
    expect(noRegion.code).toBe(9);
    expect(noRegion.stderr).toMatch(/^hint: Pass --region with one of the regions `spice-cloud regions list` shows, or --cluster with the name of a dedicated cluster\.$/m);
    expect(snapshot(b.emu).apps.map((a) => a.name)).toEqual(['sales-data', 'west-app', 'tty-app']);
  });

  it('update, piped: only the given fields change; --tag adds and --untag removes, keeping the other tags', async () => {
    const r = await b.run(['apps', 'update', 'sales-data', '--replicas', '3', '--tag', 'env=prod', '--untag', 'team']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^config\.replicas\t3$/m);
    expect(r.stdout).toMatch(/^tags\tenv=prod$/m);
    expect(r.stderr).toMatch(/^Updated app sales-data$/m);
    expect(app('sales-data')).toMatchObject({ description: 'Sales', tags: { env: 'prod' }, config: { replicas: 3 } });
  });

  it('update --json with --spicepod - reads YAML from stdin and answers the app with the parsed spicepod', async () => {
    const r = await b.run(['apps', 'update', 'sales-data', '--spicepod', '-', '--json'], { stdin: 'version: v1\nkind: Spicepod\nname: sales\ndatasets:\n  - from: s3://bucket\n    name: orders\n' });
    expect(r.code, r.stderr).toBe(0);
    const updated = JSON.parse(r.stdout) as { config: { spicepod: unknown } };
    const spicepod = { version: 'v1', kind: 'Spicepod', name: 'sales', datasets: [{ from: 's3://bucket', name: 'orders' }] };
    expect(updated.config.spicepod).toEqual(spicepod);
    expect(app('sales-data')?.config.spicepod).toEqual(spicepod);
  });

  it('update on a terminal: fields, then the spicepod as YAML, then a ✓', async () => {
    const r = await b.pty(['apps', 'update', 'sales-data', '--description', 'Sales analytics', '--image-tag', '2.0.1']);
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(out).toMatch(/^description\s+Sales analytics$/m);
    expect(out).toMatch(/^config\.image_tag\s+2\.0\.1$/m);
    expect(out).toMatch(/^spicepod:\n {2}version: v1\n/m);
    expect(out).toMatch(/✓ Updated app sales-data/);
    expect(app('sales-data')?.config.image_tag).toBe('2.0.1');
  });

  it('update refuses a spicepod that is not a mapping before sending anything (exit 2)', async () => {
    const from = b.emu.requests().length;
    const r = await b.run(['apps', 'update', 'sales-data', '--spicepod', '-'], { stdin: '- just\n- a list\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--spicepod stdin must contain a mapping/);
    expect(b.emu.requests().slice(from)).toEqual([]);
  });

  it('delete --yes, piped: nothing on stdout, the app is gone from the list', async () => {
    const r = await b.run(['apps', 'delete', 'tty-app', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Deleted app tty-app\n');
    expect(app('tty-app')?.deleted_at).not.toBeNull();
  });

  it('delete --yes --json by ID: {deleted, id, name}', async () => {
    const r = await b.run(['apps', 'rm', '2', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ deleted: true, id: 2, name: 'west-app' });
    expect(app('west-app')?.deleted_at).not.toBeNull();
  });

  it('delete --yes on a terminal: a ✓ line and no prompt', async () => {
    await b.call('POST', '/v1/apps', { name: 'temp-app', region: 'us-east-1' });
    const r = await b.pty(['apps', 'delete', 'temp-app', '--yes']);
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(out).toBe('✓ Deleted app temp-app\n');
    expect(app('temp-app')?.deleted_at).not.toBeNull();
  });
});

describe('regions and images filters', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed();
  });
  afterAll(() => b.close());

  it('regions list --env dev and images list --channel enterprise show those catalogues', async () => {
    const [dev, enterprise, bad] = await Promise.all([
      b.run(['regions', 'list', '--env', 'dev']),
      b.run(['images', 'list', '--channel', 'enterprise', '--json']),
      b.run(['regions', 'list', '--env', 'staging']),
    ]);
    expect(dev.code, dev.stderr).toBe(0);
    expect(dev.stdout).toBe('us-west-2\tDev (US West)\tAWS\tdev-data\tyes\tenabled\nus-east-1\tDev (US East)\tAWS\tus-east-1-dev-aws-data\tno\tdisabled\n');
    expect(enterprise.code, enterprise.stderr).toBe(0);
    expect((JSON.parse(enterprise.stdout) as Array<{ tag: string; isDefault: boolean }>).map((i) => [i.tag, i.isDefault])).toEqual([
      ['2.0.1-enterprise', true],
      ['2.0.0-enterprise', false],
      ['1.11.4-enterprise', false],
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid --env "staging": must be one of prod, dev/);
  });
});

describe('app resolution', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed();
    await b.call('POST', '/v1/apps', { name: 'Sales-Data', region: 'us-east-1' });
    await b.call('POST', '/v1/apps', { name: 'other-app', region: 'us-east-1' });
    await b.call('POST', '/v1/apps/1/secrets', { name: 'ONE', value: '1' });
    await b.call('POST', '/v1/apps/2/secrets', { name: 'TWO', value: '2' });
  });
  afterAll(() => b.close());

  /** The requests a run sent, as "METHOD path" lines. */
  async function traced(args: string[], o: Parameters<Bed['run']>[1] = {}) {
    const from = b.emu.requests().length;
    const r = await b.run(args, o);
    return { ...r, sent: requestLines(b.emu).slice(from).map((l) => l.replace(/ \d+$/, '')) };
  }

  it('finds an app by name in any case', async () => {
    const r = await traced(['secrets', 'list', '-a', 'sales-DATA']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ONE\t/);
    expect(r.sent).toEqual(['GET /v1/apps?limit=100', 'GET /v1/apps/1/secrets?limit=100']);
  });

  it('uses a numeric ID as is, without listing apps', async () => {
    const r = await traced(['secrets', 'list', '-a', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^TWO\t/);
    expect(r.sent).toEqual(['GET /v1/apps/2/secrets?limit=100']);
  });

  it('takes SPICE_APP when there is no --app, and --app wins over it', async () => {
    const env = await traced(['secrets', 'list'], { env: { SPICE_APP: 'other-app' } });
    expect(env.code, env.stderr).toBe(0);
    expect(env.stdout).toMatch(/^TWO\t/);
    const flag = await traced(['secrets', 'list', '--app', '1'], { env: { SPICE_APP: 'other-app' } });
    expect(flag.stdout).toMatch(/^ONE\t/);
    expect(flag.sent).toEqual(['GET /v1/apps/1/secrets?limit=100']);
  });

  it('uses the link file of a parent directory from a subdirectory, and SPICE_APP overrides it', async () => {
    const proj = join(b.home, 'proj');
    const deep = join(proj, 'src', 'deep');
    mkdirSync(deep, { recursive: true });
    const link = await b.run(['link', 'other-app'], { cwd: proj });
    expect(link.code, link.stderr).toBe(0);

    const r = await traced(['secrets', 'list'], { cwd: deep });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^TWO\t/);
    // The link file holds the ID: no lookup by name.
    expect(r.sent).toEqual(['GET /v1/apps/2/secrets?limit=100']);

    const overridden = await traced(['secrets', 'list'], { cwd: deep, env: { SPICE_APP: 'sales-data' } });
    expect(overridden.stdout).toMatch(/^ONE\t/);
  });

  it('without --app, SPICE_APP or a link, a per-app command exits 2 and says how to name the app', async () => {
    const r = await traced(['deployments', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: no app given$/m);
    expect(r.stderr).toMatch(/^hint: Pass --app with the app.s name or ID \(see `spice-cloud apps list`\), set SPICE_APP, or link this directory to one with `spice-cloud link`\.$/m);
    expect(r.stderr).not.toMatch(/<app>|<command>/);
    expect(r.sent).toEqual([]);
  });
});
