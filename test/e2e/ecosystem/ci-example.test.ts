/**
 * The CI examples run for real against the emulator: examples/ci/deploy.sh with bash,
 * and the run steps of examples/ci/github-actions.yml the way GitHub runs them, with
 * `spice-cloud` on PATH as a shim to the repository's built binary and machine
 * credentials (SPICE_CLIENT_ID/SECRET) only.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BIN, ROOT, bed, requestLines, type Bed } from '../harness.js';

const SCRIPT = join(ROOT, 'examples', 'ci', 'deploy.sh');
const WORKFLOW = join(ROOT, 'examples', 'ci', 'github-actions.yml');
const SPICEPOD = 'version: v1\nkind: Spicepod\nname: ci-app\n';
const DB_URL = 'postgres://ci:s3cr3t-db-password@db.internal:5432/sales';
const API_TOKEN = 'tok_ci_0123456789abcdef';
const FILE_SECRET = 'from-the-env-file-42';

interface Fixture {
  b: Bed;
  /** bash in the job's working directory with the runner's environment: machine credentials only, no SPICE_API_TOKEN. */
  bash(args: string[], env: Record<string, string>): Promise<Shell>;
  secretHashes(): Record<string, string>;
  snapshot(): Snapshot;
}

interface Shell {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Snapshot {
  apps: Array<{ id: number; name: string }>;
  secrets: Array<{ app_id: number; name: string; value: string }>;
  deployments: Array<{ app_id: number; status: string; created_by: string; commit_sha: string | null; branch: string | null }>;
}

type OnFinished = (fn: () => Promise<void>) => void;

/** At most three jobs at once: they overlap their `deploy --wait` polling without swamping two cores. */
const slots = { free: 3, waiting: [] as Array<() => void> };
async function acquire(onTestFinished: OnFinished): Promise<void> {
  if (slots.free > 0) slots.free--;
  else await new Promise<void>((resolve) => slots.waiting.push(resolve));
  onTestFinished(async () => {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  });
}

/** An emulator with app ci-app, a checkout with a spicepod and a .env file, and `spice-cloud` on PATH; closed when the test ends. */
async function fixture(onTestFinished: OnFinished): Promise<Fixture> {
  await acquire(onTestFinished);
  const b = await bed();
  onTestFinished(() => b.close());
  const work = join(b.home, 'repo');
  const shimDir = join(b.home, 'bin');
  mkdirSync(work);
  mkdirSync(shimDir);
  // `spice-cloud` on PATH resolves to this repository's build, as `npm install -g` would.
  writeFileSync(join(shimDir, 'spice-cloud'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(shimDir, 'spice-cloud'), 0o755);
  writeFileSync(join(work, 'spicepod.yaml'), SPICEPOD);
  writeFileSync(join(work, 'ci.env'), `REPORTS_KEY=${FILE_SECRET}\n`);
  const created = await b.run(['apps', 'create', 'ci-app', '--region', 'us-east-1']);
  if (created.code !== 0) throw new Error(`apps create failed: ${created.stderr}`);

  const bash = (args: string[], env: Record<string, string>): Promise<Shell> => {
    const full: Record<string, string> = {
      PATH: `${shimDir}:/usr/bin:/bin`,
      HOME: b.home,
      XDG_CONFIG_HOME: join(b.home, 'config'),
      LANG: 'C.UTF-8',
      SPICE_API_URL: b.emu.url,
      SPICE_CLIENT_ID: 'emulator-client',
      SPICE_CLIENT_SECRET: 'emulator-secret',
      ...env,
    };
    return new Promise((resolve, reject) => {
      const child = spawn('bash', args, { env: full, cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(killer);
        resolve({ code, stdout, stderr });
      });
    });
  };
  const snapshot = () => b.emu.snapshot() as Snapshot;
  const secretHashes = () => Object.fromEntries(snapshot().secrets.map((x) => [x.name, x.value]));
  return { b, bash, snapshot, secretHashes };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const scriptEnv = {
  APP: 'ci-app',
  SECRET_NAMES: 'DB_URL API_TOKEN',
  DB_URL,
  API_TOKEN,
  SECRETS_FILE: 'ci.env',
  SPICEPOD: 'spicepod.yaml',
  GITHUB_SHA: 'a1b2c3d4e5f6',
  GITHUB_REF_NAME: 'main',
};

// Concurrent: each test has its own emulator, and `deploy --wait` spends most of its time polling.
describe.concurrent('examples/ci/deploy.sh', { timeout: 60_000 }, () => {
  it('sets the secrets from the environment, uploads the spicepod and deploys (exit 0)', async ({ expect, onTestFinished }) => {
    const f = await fixture(onTestFinished);
    const r = await f.bash([SCRIPT], scriptEnv);
    expect(r.code, r.stderr).toBe(0);
    // The last stdout line is the succeeded deployment, made by the OAuth client.
    const deployment = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(deployment).toMatchObject({ status: 'succeeded', created_by: 'emulator-client', commit_sha: 'a1b2c3d4e5f6', branch: 'main' });
    // Values arrive exactly (printenv's newline removed) and are never echoed.
    expect(f.secretHashes()).toEqual({ DB_URL: sha256(DB_URL), API_TOKEN: sha256(API_TOKEN), REPORTS_KEY: sha256(FILE_SECRET) });
    for (const v of [DB_URL, API_TOKEN, FILE_SECRET, 'emulator-secret']) expect(r.stdout + r.stderr).not.toContain(v);
    // Seven CLI invocations, one token exchange.
    const log = requestLines(f.b.emu);
    expect(log.filter((l) => l.includes('/api/oauth/token'))).toEqual(['POST /api/oauth/token 200']);
    expect(log).toContain('PUT /v1/apps/1 200');
    expect(log.filter((l) => l.startsWith('POST /v1/apps/1/deployments '))).toEqual(['POST /v1/apps/1/deployments 202']);
  });

  it('fails the job with exit 6 and prints the logs when the deployment fails', async ({ expect, onTestFinished }) => {
    const f = await fixture(onTestFinished);
    const tagged = await f.b.run(['apps', 'update', 'ci-app', '--tag', 'emulator-fail=unable_to_start']);
    expect(tagged.code, tagged.stderr).toBe(0);
    const r = await f.bash([SCRIPT], scriptEnv);
    expect(r.code).toBe(6);
    const error = r.stderr.split('\n').find((l) => l.startsWith('{"error"'));
    expect(JSON.parse(error ?? '{}').error).toMatchObject({ code: 'deployment_failed', message: expect.stringMatching(/^deployment 1 failed: .*\(unable_to_start\)$/) });
    expect(r.stderr).toContain('--- logs of deployment 1 ---');
    expect(r.stderr).toMatch(/\terror\tDeployment 1 failed \(unable_to_start\)/);
    expect(r.stderr).toMatch(/deploy failed with exit status 6$/m);
    expect(requestLines(f.b.emu)).toContain('GET /v1/apps/1/deployments/1/logs 200');
    expect(f.snapshot().deployments.map((d) => d.status)).toEqual(['failed']);
  });

  it('stops with exit 4 before changing anything when the client secret is wrong', async ({ expect, onTestFinished }) => {
    const f = await fixture(onTestFinished);
    const before = f.b.emu.requests().length;
    const r = await f.bash([SCRIPT], { ...scriptEnv, SPICE_CLIENT_SECRET: 'wrong' });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^hint: .*SPICE_CLIENT_SECRET/m);
    expect(requestLines(f.b.emu).slice(before)).toEqual(['POST /api/oauth/token 401']);
    expect(f.secretHashes()).toEqual({});
  });

  it('stops with exit 2 when a listed secret variable is not set, before deploying', async ({ expect, onTestFinished }) => {
    const f = await fixture(onTestFinished);
    const r = await f.bash([SCRIPT], { ...scriptEnv, SECRET_NAMES: 'DB_URL MISSING_ONE' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('MISSING_ONE is listed in SECRET_NAMES but is not set');
    expect(f.secretHashes()).toEqual({ DB_URL: sha256(DB_URL) });
    expect(f.snapshot().deployments).toEqual([]);
  });
});

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
}

/** Runs the job's `run` steps in order as GitHub does (bash -eo pipefail), skipping `uses` steps and the npm install. */
async function runJob(f: Fixture, secrets: Record<string, string>, vars: Record<string, string>) {
  const wf = parseYaml(readFileSync(WORKFLOW, 'utf8')) as { jobs: { deploy: { env: Record<string, string>; steps: Step[] } } };
  const job = wf.jobs.deploy;
  const expr = (v: string) =>
    String(v).replace(/\$\{\{\s*(secrets|vars)\.(\w+)\s*\}\}/g, (_, kind: string, name: string) => (kind === 'secrets' ? secrets : vars)[name] ?? '');
  const subst = (o: Record<string, string> = {}) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, expr(v)]));
  const ran: Array<{ name: string; code: number | null; stderr: string }> = [];
  let failed = false;
  for (const step of job.steps) {
    if (!step.run || /npm install -g/.test(step.run)) continue;
    if ((step.if === 'failure()') !== failed) continue;
    const r = await f.bash(['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
      GITHUB_SHA: 'feedc0de',
      GITHUB_REF_NAME: 'main',
      ...subst(job.env),
      ...subst(step.env),
    });
    ran.push({ name: step.name ?? '', code: r.code, stderr: r.stderr });
    if (r.code !== 0) failed = true;
  }
  return ran;
}

const ghSecrets = { SPICE_CLIENT_ID: 'emulator-client', SPICE_CLIENT_SECRET: 'emulator-secret', DB_URL, API_TOKEN };

describe.concurrent('examples/ci/github-actions.yml', { timeout: 60_000 }, () => {
  it('runs its steps against the emulator and deploys', async ({ expect, onTestFinished }) => {
    const f = await fixture(onTestFinished);
    const ran = await runJob(f, ghSecrets, { SPICE_APP: 'ci-app' });
    expect(ran.map((s) => [s.name, s.code])).toEqual([
      ['Check the credentials', 0],
      ["Set secrets from the repository's secrets", 0],
      ['Upload the spicepod', 0],
      ['Deploy and wait', 0],
    ]);
    expect(f.secretHashes()).toEqual({ DB_URL: sha256(DB_URL), API_TOKEN: sha256(API_TOKEN) });
    expect(f.snapshot().deployments).toMatchObject([{ status: 'succeeded', created_by: 'emulator-client', commit_sha: 'feedc0de', branch: 'main' }]);
  });

  it('fails the job on a failed deployment, then shows its logs', async ({ expect, onTestFinished }) => {
    const f = await fixture(onTestFinished);
    expect((await f.b.run(['apps', 'update', 'ci-app', '--tag', 'emulator-fail=internal_error'])).code).toBe(0);
    const ran = await runJob(f, ghSecrets, { SPICE_APP: 'ci-app' });
    expect(ran.map((s) => [s.name, s.code])).toEqual([
      ['Check the credentials', 0],
      ["Set secrets from the repository's secrets", 0],
      ['Upload the spicepod', 0],
      ['Deploy and wait', 6],
      ['Show the logs of a failed deployment', 0],
    ]);
    expect(requestLines(f.b.emu)).toContain('GET /v1/apps/1/deployments/1/logs 200');
  });
});
