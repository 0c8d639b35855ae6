/**
 * secrets set/delete/import in their three output modes, with the stored value (as the
 * emulator's sha256) as the witness, and the rule that a value never appears in any
 * output. (list/get: output-modes.test.ts; prompts: interactive.test.ts.)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ANSI, bed, mutations, plain, sha256, snapshot, type Bed } from './harness.js';

describe('secrets', () => {
  let b: Bed;
  /** name → sha256(value) of app 1's secrets. */
  const stored = () => Object.fromEntries(snapshot(b.emu).secrets.filter((s) => s.app_id === 1).map((s) => [s.name, s.value]));
  beforeAll(async () => {
    b = await bed();
    await b.call('POST', '/v1/apps', { name: 'sec-app', region: 'us-east-1' });
  });
  afterAll(() => b.close());

  describe('set', () => {
    it('piped: reads stdin, drops exactly one trailing newline, prints nothing on stdout', async () => {
      const r = await b.run(['secrets', 'set', 'DB_PASSWORD', '-a', 'sec-app'], { stdin: 'hunter2\n\n' });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('Set secret DB_PASSWORD on app sec-app\n');
      expect(stored().DB_PASSWORD).toBe(sha256('hunter2\n'));
    });

    it('--json: the secret with its value masked; --from-file keeps the bytes as they are', async () => {
      writeFileSync(join(b.home, 'cert.pem'), '-----BEGIN-----\nabc\n-----END-----\n');
      const r = await b.run(['secrets', 'set', 'TLS_CERT', '--from-file', 'cert.pem', '-a', 'sec-app', '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ name: 'TLS_CERT', value: '********' });
      expect(r.stdout).not.toContain('BEGIN');
      expect(stored().TLS_CERT).toBe(sha256('-----BEGIN-----\nabc\n-----END-----\n'));
    });

    it('on a terminal with --from-file: a ✓ and the reminder to deploy, no prompt', async () => {
      writeFileSync(join(b.home, 'value.txt'), 'tty-value');
      const r = await b.pty(['secrets', 'set', 'API_TOKEN', '--from-file', 'value.txt', '-a', 'sec-app']);
      const out = plain(r.output);
      expect(r.code, out).toBe(0);
      expect(r.output).toMatch(ANSI);
      expect(out).toBe('✓ Set secret API_TOKEN on app sec-app\nIt reaches the running app with the next deployment (`spice-cloud deploy`).\n');
      expect(stored().API_TOKEN).toBe(sha256('tty-value'));
    });

    it('never prints the value, not even in the --verbose HTTP trace', async () => {
      const value = 'never-print-me-42';
      const r = await b.run(['secrets', 'set', 'TRACED', '-a', 'sec-app', '--verbose'], { stdin: value });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/POST .*\/v1\/apps\/1\/secrets/);
      expect(r.stdout + r.stderr).not.toContain(value);
      expect(stored().TRACED).toBe(sha256(value));
    });

    it('refuses an empty value and a bad name (exit 2) without sending anything', async () => {
      const from = b.emu.requests().length;
      const [empty, badName] = await Promise.all([
        b.run(['secrets', 'set', 'EMPTY', '-a', 'sec-app'], { stdin: '\n' }),
        b.run(['secrets', 'set', '1BAD-NAME', '-a', 'sec-app'], { stdin: 'x' }),
      ]);
      expect(empty.code).toBe(2);
      expect(empty.stderr).toMatch(/refusing to set EMPTY to an empty value/);
      expect(badName.code).toBe(2);
      expect(badName.stderr).toMatch(/invalid secret name "1BAD-NAME"/);
      expect(b.emu.requests().slice(from)).toEqual([]);
    });
  });

  describe('delete', () => {
    beforeEach(async () => {
      for (const name of ['OLD_A', 'OLD_B', 'OLD_C']) await b.call('POST', '/v1/apps/1/secrets', { name, value: 'x' });
    });

    it('--yes, piped: one line per deleted secret on stderr, nothing on stdout', async () => {
      const r = await b.run(['secrets', 'delete', 'OLD_A', 'OLD_B', '-a', 'sec-app', '--yes']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n').filter(Boolean).sort()).toEqual(['Deleted secret OLD_A from app sec-app', 'Deleted secret OLD_B from app sec-app']);
      expect(Object.keys(stored())).not.toContain('OLD_A');
      expect(Object.keys(stored())).toContain('OLD_C');
    });

    it('--yes --json: one result per name; an unknown name fails alone and the exit code says not found', async () => {
      const r = await b.run(['secrets', 'rm', 'OLD_C', 'NOPE', '-a', 'sec-app', '--yes', '--json']);
      expect(r.code).toBe(3);
      expect(JSON.parse(r.stdout)).toEqual([
        { name: 'OLD_C', ok: true },
        { name: 'NOPE', ok: false, error: expect.any(String) },
      ]);
      expect(Object.keys(stored())).not.toContain('OLD_C');
    });

    it('--yes on a terminal: ✓ lines, no prompt', async () => {
      const r = await b.pty(['secrets', 'delete', 'OLD_A', '-a', 'sec-app', '--yes']);
      const out = plain(r.output);
      expect(r.code, out).toBe(0);
      expect(out).toBe('✓ Deleted secret OLD_A from app sec-app\n');
    });

    it('a single unknown name exits 3 with a hint to list the secrets', async () => {
      const r = await b.run(['secrets', 'delete', 'MISSING', '-a', 'sec-app', '--yes']);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/^hint: List the secrets of app sec-app with `spice-cloud secrets list --app sec-app`\.$/m);
    });
  });

  describe('import', () => {
    beforeEach(async () => {
      for (const s of snapshot(b.emu).secrets.filter((x) => x.app_id === 1)) await b.call('DELETE', `/v1/apps/1/secrets/${s.name}`);
      await b.call('POST', '/v1/apps/1/secrets', { name: 'EXISTING', value: 'old' });
      await b.call('POST', '/v1/apps/1/secrets', { name: 'STALE', value: 'stale' });
      writeFileSync(
        join(b.home, '.env'),
        ['# app secrets', 'export EXISTING=new', "SINGLE='lit $x'", 'DOUBLE="a\\nb"', 'HASHED=p#ss # comment', ''].join('\n'),
      );
    });

    it('piped: creates and updates, counts them on stderr, stores the .env values exactly', async () => {
      const r = await b.run(['secrets', 'import', '.env', '-a', 'sec-app']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('Imported 4 secrets to app sec-app (3 created, 1 updated)\n');
      expect(stored()).toEqual({
        EXISTING: sha256('new'),
        STALE: sha256('stale'),
        SINGLE: sha256('lit $x'),
        DOUBLE: sha256('a\nb'),
        HASHED: sha256('p#ss'),
      });
    });

    it('--json with --prune --yes: one outcome per name, and the unnamed secret is deleted', async () => {
      const r = await b.run(['secrets', 'import', '.env', '-a', 'sec-app', '--prune', '--yes', '--json']);
      expect(r.code, r.stderr).toBe(0);
      const outcomes = JSON.parse(r.stdout) as Array<{ name: string; action: string; ok: boolean }>;
      expect(outcomes.map((o) => `${o.name}:${o.action}:${o.ok}`).sort()).toEqual([
        'DOUBLE:create:true',
        'EXISTING:update:true',
        'HASHED:create:true',
        'SINGLE:create:true',
        'STALE:delete:true',
      ]);
      expect(Object.keys(stored()).sort()).toEqual(['DOUBLE', 'EXISTING', 'HASHED', 'SINGLE']);
    });

    it('--dry-run shows the plan (names and actions only) and changes nothing', async () => {
      const from = b.emu.requests().length;
      const r = await b.run(['secrets', 'import', '.env', '-a', 'sec-app', '--dry-run', '--prune']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('EXISTING\tupdate\nSINGLE\tcreate\nDOUBLE\tcreate\nHASHED\tcreate\nSTALE\tdelete\n');
      expect(r.stderr).toMatch(/Dry run: would create 3, update 1, delete 1 on app sec-app; nothing was changed\./);
      expect(mutations(b.emu, from)).toEqual([]);
    });

    it('reads a JSON object from stdin with "-", on a terminal-less run', async () => {
      const r = await b.run(['secrets', 'import', '-', '-a', 'sec-app'], { stdin: JSON.stringify({ FROM_JSON: 'j-value', EXISTING: 'again' }) });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/Imported 2 secrets to app sec-app \(1 created, 1 updated\)/);
      expect(stored()).toMatchObject({ FROM_JSON: sha256('j-value'), EXISTING: sha256('again') });
    });

    it('on a terminal: a ✓ summary and the reminder to deploy', async () => {
      const r = await b.pty(['secrets', 'import', '.env', '-a', 'sec-app']);
      const out = plain(r.output);
      expect(r.code, out).toBe(0);
      expect(out).toMatch(/✓ Imported 4 secrets to app sec-app \(3 created, 1 updated\)\n/);
      expect(out).toMatch(/They reach the running app with the next deployment/);
      expect(out).not.toMatch(/lit \$x|p#ss/);
    });

    it('stops at the first malformed line (exit 2, line number, no value) before sending anything', async () => {
      writeFileSync(join(b.home, 'bad.env'), 'GOOD=fine\nthis line is wrong\nSECRETIVE=hide-me\n');
      const from = b.emu.requests().length;
      const r = await b.run(['secrets', 'import', 'bad.env', '-a', 'sec-app']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: bad\.env: line 2: /m);
      expect(r.stderr).not.toContain('hide-me');
      expect(b.emu.requests().slice(from)).toEqual([]);
    });
  });
});
