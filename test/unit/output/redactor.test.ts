import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../../../src/output/mask.js';

const escapeControls = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

describe('Redactor', () => {
  it('scrubs a secret as is, JSON-escaped, with its controls escaped and collapsed, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4, maxLength: 24, unit: 'binary' }), (secret) => {
        fc.pre(secret.trim().length >= 4 && secret.replace(/\s+/g, ' ').trim().length >= 4);
        const r = new Redactor();
        r.add(secret);
        const json = JSON.stringify(secret).slice(1, -1);
        for (const form of [secret, json, escapeControls(secret), escapeControls(json), secret.replace(/\s+/g, ' ').trim()]) {
          expect(r.redact(`<${form}>`), JSON.stringify(form)).toBe(`<${REDACTED}>`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('needs one form for a token of printable ASCII (a JWT, an API key) and scrubs it everywhere', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[!#-[\]-~]{4,40}$/), (token) => {
        const r = new Redactor();
        r.add(token);
        expect(JSON.stringify(token).slice(1, -1)).toBe(token);
        expect(r.redact(`a ${token} b ${JSON.stringify({ token })}`)).toBe(`a ${REDACTED} b {"token":"${REDACTED}"}`);
      }),
    );
  });
});
