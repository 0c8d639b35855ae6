import { describe, expect, it } from 'vitest';
import { errorFromResponse } from '../../../src/api/http.js';
import { CODE_HINTS, hintForCode } from '../../../src/api/hints.js';

const JSON_TYPE = 'application/json';
const err = (status: number, body: unknown, hints: Partial<Record<number, string>> = {}) =>
  errorFromResponse(status, JSON.stringify(body), JSON_TYPE, { what: 'deploy app 1', hints });

describe('hints follow the API error code', () => {
  it.each([
    ['invalid_stable_image_tag', 400, /images list/],
    ['spicepod_paused', 400, /paused/],
    ['image_tag_requires_enterprise', 403, /Enterprise/],
    ['org_assertion_mismatch', 403, /own organization/],
    ['invalid_org_assertion', 400, /organization handle/],
    ['fork_placement_required', 400, /--region|--cluster/],
    ['cluster_not_found', 400, /--cluster/],
  ])('%s (HTTP %i) gets its own hint over the per-status one', (code, status, hint) => {
    const e = err(status, { error: 'x', code }, { [status]: 'the per-status hint' });
    expect(e.code).toBe(code);
    expect(e.hint).toMatch(hint);
    expect(e.hint).not.toBe('the per-status hint');
  });

  it('insufficient_scope names the scope from the message, with or without the code', () => {
    expect(err(403, { error: 'Insufficient scope. Required: secrets:write', code: 'insufficient_scope' }).hint).toMatch(/secrets:write/);
    const old = err(403, { error: 'Insufficient scope. Required: apps:read' });
    expect(old.hint).toMatch(/apps:read/);
    expect(old.code).toBe('insufficient_scope');
  });

  it('field errors about placement get the placement hint when there is no code', () => {
    expect(err(400, { error: 'Invalid request body', details: { fieldErrors: { cluster_name: ["Cluster 'x' not found"] } } }).hint).toMatch(/--region \/ --cluster/);
  });

  it('falls back to the per-status hint for an unknown or missing code', () => {
    expect(err(400, { error: 'bad', code: 'something_new' }, { 400: 'the per-status hint' }).hint).toBe('the per-status hint');
    expect(err(409, { error: 'busy' }, { 409: 'wait' }).hint).toBe('wait');
  });

  it('keeps every hint on one line', () => {
    for (const [code, h] of Object.entries(CODE_HINTS)) {
      const text = typeof h === 'function' ? h({ code, message: 'Required: a:b' }) : h;
      expect(text).not.toMatch(/\n/);
      expect(hintForCode({ code })).toBeTruthy();
    }
  });
});
