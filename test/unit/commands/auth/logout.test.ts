import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/auth/logout.js';
import { memoryConfigStore } from '../../../../src/config/store.js';
import { testContext } from '../../../helpers/context.js';

const noEnv = { SPICE_API_TOKEN: undefined };

describe('auth logout: parse', () => {
  it('takes no options', () => {
    expect(parse({ args: [], opts: {}, env: {} })).toEqual({});
  });
});

describe('auth logout: run', () => {
  it('removes the token but keeps the API URL and org of the profile, without any request', async () => {
    const config = memoryConfigStore({ profiles: { default: { token: 'tok-0123456789', apiUrl: 'http://localhost:8787', org: 'acme' } } });
    const t = await testContext({ env: noEnv, config });
    await run({}, t.ctx);
    expect(config.getProfile('default')).toEqual({ apiUrl: 'http://localhost:8787', org: 'acme' });
    expect(t.io.err()).toContain('removed the token of profile "default"');
    expect(t.io.out()).toBe('');
    t.done();
  });

  it('deletes a profile that held only a token', async () => {
    const config = memoryConfigStore({ profiles: { default: { token: 'tok-0123456789' } } });
    const t = await testContext({ env: noEnv, config });
    await run({}, t.ctx);
    expect(config.profileNames()).toEqual([]);
  });

  it('logs out of the selected profile only', async () => {
    const config = memoryConfigStore({ profiles: { default: { token: 'a-0123456789' }, staging: { token: 'b-0123456789' } } });
    const t = await testContext({ env: { ...noEnv, SPICE_PROFILE: 'staging' }, config });
    await run({}, t.ctx);
    expect(config.getProfile('default')).toEqual({ token: 'a-0123456789' });
    expect(config.getProfile('staging')).toBeUndefined();
  });

  it('says so when there was no stored token, and succeeds', async () => {
    const t = await testContext({ env: noEnv });
    await run({}, t.ctx);
    expect(t.io.err()).toContain('has no stored token; nothing to remove');
  });

  it('warns that SPICE_API_TOKEN still applies', async () => {
    const t = await testContext({});
    await run({}, t.ctx);
    expect(t.io.err()).toMatch(/warning: SPICE_API_TOKEN is set and still applies/);
  });

  it('prints a JSON object under --json', async () => {
    const config = memoryConfigStore({ profiles: { default: { token: 'tok-0123456789' } } });
    const t = await testContext({ env: noEnv, config, globals: { json: true } });
    await run({}, t.ctx);
    expect(JSON.parse(t.io.out())).toEqual({ profile: 'default', removed: true, store_path: '/tmp/spice-cloud-test/config.json' });
  });
});
