import { describe, expect, it } from 'vitest';
import { parse, run, VARIABLES } from '../../../../src/commands/help/environment.js';
import { testContext } from '../../../helpers/context.js';

const REQUIRED = [
  'COLUMNS',
  'GITHUB_ACTIONS',
  'GITHUB_STEP_SUMMARY',
  'SPICE_API_TOKEN',
  'SPICE_EMULATOR_ADMIN_TOKEN',
  'SPICE_KEYRING',
  'SPICE_CLIENT_ID',
  'SPICE_CLIENT_SECRET',
  'SPICE_CLOUD_PAT',
  'SPICE_CLOUD_CLIENT_ID',
  'SPICE_CLOUD_CLIENT_SECRET',
  'SPICE_CLOUD_API_URL',
  'SPICEAI_CLIENT_ID',
  'SPICEAI_CLIENT_SECRET',
  'SPICE_OAUTH_URL',
  'SPICE_API_URL',
  'SPICE_PROFILE',
  'SPICE_ORG',
  'SPICE_APP',
  'SPICE_RUNTIME_URL',
  'SPICE_APP_API_KEY',
  'SPICE_API_KEY',
  'SPICE_CONFIG_DIR',
  'XDG_CONFIG_HOME',
  'SPICE_NO_INPUT',
  'SPICE_TIMEOUT',
  'SPICE_HTTP_TIMEOUT',
  'SPICE_DEBUG',
  'NO_COLOR',
  'FORCE_COLOR',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'NO_PROXY',
  'NODE_EXTRA_CA_CERTS',
];

describe('help environment', () => {
  it('takes no options', () => {
    expect(parse({ args: [], opts: {}, env: {} })).toEqual({});
  });

  it('lists every supported variable once', () => {
    expect(VARIABLES.map((v) => v.name).sort()).toEqual([...REQUIRED].sort());
  });

  it('prints the variables and the credential precedence on stdout', async () => {
    const t = await testContext({ tty: false });
    await run({}, t.ctx);
    const out = t.io.out();
    for (const name of REQUIRED) expect(out).toMatch(new RegExp(`^${name}\\t`, 'm'));
    expect(out).toContain('SPICE_DEBUG=api');
    expect(out).toContain('Precedence (first wins):');
    expect(out).toMatch(/credentials\s+SPICE_API_TOKEN > SPICE_CLOUD_PAT > SPICE_CLIENT_ID \+ SPICE_CLIENT_SECRET > .* > token stored by `auth login`/);
    expect(out).toMatch(/app\s+--app > SPICE_APP > nearest \.spice\/cloud\.json/);
    expect(t.io.err()).toBe('');
  });

  it('prints variables and precedence as JSON under --json', async () => {
    const t = await testContext({ globals: { json: true } });
    await run({}, t.ctx);
    const out = JSON.parse(t.io.out());
    expect(out.variables.map((v: { name: string }) => v.name)).toContain('SPICE_API_TOKEN');
    expect(out.precedence[0]).toEqual({ what: 'credentials', order: expect.stringContaining('SPICE_API_TOKEN') });
  });
});
