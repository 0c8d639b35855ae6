import { describe, expect, it, vi } from 'vitest';
import {
  assertSafeTransport,
  DEFAULT_API_URL,
  deriveOAuthUrl,
  normalizeApiUrl,
  PRECEDENCE,
  profileName,
  resolveAuth,
  resolveEndpoint,
} from '../../../src/config/auth.js';
import { memoryConfigStore, type ConfigStore } from '../../../src/config/store.js';
import { UsageError } from '../../../src/errors.js';

const stored = () =>
  memoryConfigStore({
    profiles: {
      default: { token: 'stored-default-token', apiUrl: 'http://localhost:8090', org: 'stored-org' },
      staging: { token: 'stored-staging-token' },
    },
  });
const opener = (store: ConfigStore) => vi.fn(async () => store);

describe('resolveAuth: credential precedence', () => {
  it('prefers SPICE_API_TOKEN over client credentials and the store, without opening the store', async () => {
    const open = opener(stored());
    const a = await resolveAuth({}, { SPICE_API_TOKEN: ' env-token ', SPICE_CLIENT_ID: 'id', SPICE_CLIENT_SECRET: 's' }, open);
    expect(a.source).toBe('env');
    expect(a.token).toBe('env-token');
    expect(open).not.toHaveBeenCalled();
  });

  it('prefers client credentials over the stored token', async () => {
    const a = await resolveAuth({}, { SPICE_CLIENT_ID: 'id', SPICE_CLIENT_SECRET: 'secret' }, opener(stored()));
    expect(a).toMatchObject({ source: 'client-credentials', clientId: 'id', clientSecret: 'secret' });
    expect(a.token).toBeUndefined();
  });

  it('falls back to the stored token of the selected profile', async () => {
    expect(await resolveAuth({}, {}, opener(stored()))).toMatchObject({ source: 'store', token: 'stored-default-token', profile: 'default' });
    expect(await resolveAuth({}, { SPICE_PROFILE: 'staging' }, opener(stored()))).toMatchObject({ token: 'stored-staging-token', profile: 'staging' });
    expect(await resolveAuth({ profile: 'default' }, { SPICE_PROFILE: 'staging' }, opener(stored()))).toMatchObject({ token: 'stored-default-token' });
  });

  it('reports none when nothing is configured', async () => {
    expect((await resolveAuth({}, {}, opener(memoryConfigStore()))).source).toBe('none');
  });

  it('refuses a client ID without a secret', async () => {
    await expect(resolveAuth({}, { SPICE_CLIENT_ID: 'id' }, opener(stored()))).rejects.toBeInstanceOf(UsageError);
  });

  it('names the store when an explicitly selected profile does not exist', async () => {
    const err = await resolveAuth({ profile: 'nope' }, {}, opener(stored())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain('/tmp/spice-cloud-test/config.json');
  });
});

describe('resolveEndpoint: API URL and org precedence', () => {
  const profile = { apiUrl: 'http://localhost:8090/', org: 'p-org' };
  it('takes --api-url, then SPICE_API_URL, then the profile, then the default', () => {
    expect(resolveEndpoint({ apiUrl: 'https://flag.example' }, { SPICE_API_URL: 'https://env.example' }, profile)).toMatchObject({ apiUrl: 'https://flag.example', apiUrlSource: 'flag' });
    expect(resolveEndpoint({}, { SPICE_API_URL: 'https://env.example' }, profile)).toMatchObject({ apiUrl: 'https://env.example', apiUrlSource: 'env' });
    expect(resolveEndpoint({}, {}, profile)).toMatchObject({ apiUrl: 'http://localhost:8090', apiUrlSource: 'profile' });
    expect(resolveEndpoint({}, {}, {})).toMatchObject({ apiUrl: DEFAULT_API_URL, apiUrlSource: 'default' });
  });
  it('takes --org, then SPICE_ORG, then the profile', () => {
    expect(resolveEndpoint({ org: 'f' }, { SPICE_ORG: 'e' }, profile).org).toBe('f');
    expect(resolveEndpoint({}, { SPICE_ORG: 'e' }, profile).org).toBe('e');
    expect(resolveEndpoint({}, {}, profile).org).toBe('p-org');
    expect(resolveEndpoint({}, {}, {}).org).toBeUndefined();
  });
  it('agrees with resolveAuth', async () => {
    const a = await resolveAuth({}, {}, opener(stored()));
    expect({ apiUrl: a.apiUrl, apiUrlSource: a.apiUrlSource, org: a.org }).toEqual(resolveEndpoint({}, {}, stored().getProfile('default')!));
  });
  it('picks the profile name from --profile, then SPICE_PROFILE, then "default"', () => {
    expect(profileName({ profile: 'a' }, { SPICE_PROFILE: 'b' })).toBe('a');
    expect(profileName({}, { SPICE_PROFILE: 'b' })).toBe('b');
    expect(profileName({}, {})).toBe('default');
  });
});

describe('URL rules', () => {
  it('normalizes trailing slashes and rejects non-http URLs', () => {
    expect(normalizeApiUrl('https://api.spice.ai///')).toBe('https://api.spice.ai');
    expect(() => normalizeApiUrl('ftp://x')).toThrow(UsageError);
    expect(() => normalizeApiUrl('not a url')).toThrow(UsageError);
  });
  it('allows plain http only to loopback', () => {
    expect(() => assertSafeTransport('http://localhost:8090')).not.toThrow();
    expect(() => assertSafeTransport('http://127.0.0.1:8090')).not.toThrow();
    expect(() => assertSafeTransport('http://[::1]:8090')).not.toThrow();
    expect(() => assertSafeTransport('https://api.spice.ai')).not.toThrow();
    expect(() => assertSafeTransport('http://api.spice.ai')).toThrow(/plain http/);
    expect(() => assertSafeTransport('http://localhost.evil.com')).toThrow(UsageError);
  });
  it('derives the OAuth endpoint from the API host', () => {
    expect(deriveOAuthUrl('https://api.spice.ai')).toBe('https://spice.ai/api/oauth/token');
    expect(deriveOAuthUrl('https://dev-api.spice.ai')).toBe('https://dev.spice.ai/api/oauth/token');
    expect(deriveOAuthUrl('http://localhost:8090')).toBe('http://localhost:8090/api/oauth/token');
  });
  it('documents the same credential order it implements', () => {
    expect(PRECEDENCE.find(([w]) => w === 'credentials')?.[1]).toMatch(
      /SPICE_API_TOKEN > SPICE_CLOUD_PAT > SPICE_CLIENT_ID \+ SPICE_CLIENT_SECRET > SPICE_CLOUD_CLIENT_ID \+ SPICE_CLOUD_CLIENT_SECRET > SPICEAI_CLIENT_ID \+ SPICEAI_CLIENT_SECRET > .*auth login/,
    );
  });
});

describe('official environment names as aliases', () => {
  const none = async () => memoryConfigStore();
  it('reads SPICE_CLOUD_PAT (Rust CLI) as a token, after SPICE_API_TOKEN', async () => {
    expect(await resolveAuth({}, { SPICE_CLOUD_PAT: 'pat-1' }, none)).toMatchObject({ source: 'env', token: 'pat-1', credentialVars: 'SPICE_CLOUD_PAT' });
    expect(await resolveAuth({}, { SPICE_API_TOKEN: 'ours', SPICE_CLOUD_PAT: 'pat-1' }, none)).toMatchObject({ token: 'ours', credentialVars: 'SPICE_API_TOKEN' });
  });
  it('reads the Rust CLI and Terraform client-credential pairs, ours first, never mixing families', async () => {
    const rust = { SPICE_CLOUD_CLIENT_ID: 'rid', SPICE_CLOUD_CLIENT_SECRET: 'rsec' };
    const tf = { SPICEAI_CLIENT_ID: 'tid', SPICEAI_CLIENT_SECRET: 'tsec' };
    expect(await resolveAuth({}, tf, none)).toMatchObject({ source: 'client-credentials', clientId: 'tid', clientSecret: 'tsec', credentialVars: 'SPICEAI_CLIENT_ID + SPICEAI_CLIENT_SECRET' });
    expect(await resolveAuth({}, { ...tf, ...rust }, none)).toMatchObject({ clientId: 'rid', clientSecret: 'rsec' });
    expect(await resolveAuth({}, { ...tf, ...rust, SPICE_CLIENT_ID: 'oid', SPICE_CLIENT_SECRET: 'osec' }, none)).toMatchObject({ clientId: 'oid' });
    await expect(resolveAuth({}, { SPICE_CLOUD_CLIENT_ID: 'rid', SPICEAI_CLIENT_SECRET: 'tsec' }, none)).rejects.toThrow(/SPICE_CLOUD_CLIENT_ID and SPICE_CLOUD_CLIENT_SECRET must be set together/);
  });
  it('reads SPICE_CLOUD_API_URL after SPICE_API_URL', async () => {
    expect((await resolveAuth({}, { SPICE_API_TOKEN: 't', SPICE_CLOUD_API_URL: 'https://dev-api.spice.ai' }, none)).apiUrl).toBe('https://dev-api.spice.ai');
    expect((await resolveAuth({}, { SPICE_API_TOKEN: 't', SPICE_API_URL: 'https://a.example', SPICE_CLOUD_API_URL: 'https://b.example' }, none)).apiUrl).toBe('https://a.example');
  });
});

describe('org precedence with a linked directory', () => {
  const env = { SPICE_API_TOKEN: 'tok-0123456789' };
  const none = async () => memoryConfigStore();
  it('uses the org recorded by `link` when neither --org nor SPICE_ORG is given', async () => {
    expect((await resolveAuth({}, env, none, async () => 'acme')).org).toBe('acme');
  });
  it('lets --org and SPICE_ORG win over the linked org', async () => {
    expect((await resolveAuth({ org: 'flag-org' }, env, none, async () => 'acme')).org).toBe('flag-org');
    expect((await resolveAuth({}, { ...env, SPICE_ORG: 'env-org' }, none, async () => 'acme')).org).toBe('env-org');
  });
  it('falls back to the stored profile when the directory is not linked to an org', async () => {
    const store = memoryConfigStore({ profiles: { default: { org: 'profile-org' } } });
    expect((await resolveAuth({}, {}, async () => store, async () => undefined)).org).toBe('profile-org');
  });
});
