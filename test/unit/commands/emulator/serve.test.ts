import { describe, expect, it } from 'vitest';
import { parse } from '../../../../src/commands/emulator/serve.js';
import { UsageError } from '../../../../src/errors.js';

const raw = (opts: Record<string, unknown>) => ({ args: [], opts: { runtime: true, ...opts }, env: {} });

describe('emulator --flight-tls-cert/--flight-tls-key', () => {
  it('serves Flight over TLS when both files are given', () => {
    expect(parse(raw({ flightTlsCert: 'cert.pem', flightTlsKey: 'key.pem' })).runtime?.flightTls).toEqual({ cert: 'cert.pem', key: 'key.pem' });
  });

  it('stays plaintext without them', () => {
    expect(parse(raw({})).runtime?.flightTls).toBeUndefined();
  });

  it('refuses one without the other, before starting anything', () => {
    expect(() => parse(raw({ flightTlsCert: 'cert.pem' }))).toThrow(UsageError);
    expect(() => parse(raw({ flightTlsKey: 'key.pem' }))).toThrow(/--flight-tls-key needs --flight-tls-cert too/);
  });
});
