/**
 * Answers the commands cannot use are one line and exit 1, never a TypeError, a stack
 * overflow, Infinity, an empty row with exit 0, or silently dropped data.
 */
import { describe, expect, it } from 'vitest';
import * as list from '../../../src/commands/apps/list.js';
import * as get from '../../../src/commands/apps/get.js';
import * as apiRequest from '../../../src/commands/api/request.js';
import { checkJson } from '../../../src/api/validate.js';
import { parseByteSize } from '../../../src/commands/shared/parse.js';
import { failure, testContext } from '../../helpers/context.js';

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('hostile API answers', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['null in the list', '{"apps":[{"id":1,"name":"ok"},null]}', /item 2: null where an object was expected/],
    ['an app without a name', '{"apps":[{"id":1}]}', /"name" is missing/],
    ['a name that is not a string', '{"apps":[{"id":1,"name":{"x":1}}]}', /"name" is an object, not a string/],
    ['a list of lists', '[[[]]]', /a list where an object was expected/],
    ['JSON nested 100,000 deep', `{"apps":${deep(100_000)}}`, /nested deeper than 64 levels/],
    ['1e400', '{"apps":[{"id":1e400,"name":"x"}]}', /a number out of range/],
    ['a __proto__ key', '{"apps":[{"id":1,"name":"x","__proto__":{"polluted":true}}]}', /"__proto__" key/],
  ];
  for (const [what, body, message] of cases) {
    it(`apps list: ${what} is one line, exit 1`, async () => {
      const t = await testContext();
      t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, body, { headers: { 'content-type': 'application/json' } });
      const err = await failure(list.run(list.parse({ args: [], opts: {}, env: {} }), t.ctx));
      expect(err.exitCode).toBe(1);
      expect(err.message).toMatch(/^list apps failed: unexpected answer from the API/);
      expect(err.message).toMatch(message);
      expect(err.message).not.toContain('\n');
      expect(t.io.out()).toBe('');
    });
  }

  it('apps get: an answer without a name is refused', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/7', method: 'GET' }).reply(200, { id: 7, name: null }, { headers: { 'content-type': 'application/json' } });
    const err = await failure(get.run(get.parse({ args: ['7'], opts: {}, env: {} }), t.ctx));
    expect(err.message).toMatch(/get app 7 failed: unexpected answer from the API \("name" is null, not a string\)/);
  });

  it('checkJson accepts ordinary answers and 64 levels', () => {
    expect(checkJson({ apps: [{ id: 1, name: 'a', tags: { x: 'y' } }], n: 1.5e300 })).toBeUndefined();
    expect(checkJson(JSON.parse(deep(64)))).toBeUndefined();
    expect(checkJson(JSON.parse(deep(66)))).toMatch(/deeper/);
  });
});

describe('api --max-response', () => {
  it('reads sizes and refuses nonsense before sending', () => {
    expect(parseByteSize('64MiB')).toBe(64 * 1024 * 1024);
    expect(parseByteSize('500KB')).toBe(500_000);
    expect(parseByteSize('1g')).toBe(1024 ** 3);
    expect(parseByteSize('0')).toBeUndefined();
    expect(parseByteSize('1e9')).toBeUndefined();
    expect(apiRequest.parse({ args: ['apps'], opts: { maxResponse: '2MiB' }, env: {} }).maxResponseBytes).toBe(2 * 1024 * 1024);
    expect(() => apiRequest.parse({ args: ['apps'], opts: { maxResponse: 'lots' }, env: {} })).toThrow(/invalid --max-response "lots"/);
  });

  it('the limit applies to the answer, in one line', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps', method: 'GET' }).reply(200, JSON.stringify({ apps: 'x'.repeat(5000) }), { headers: { 'content-type': 'application/json' } });
    const err = await failure(apiRequest.run(apiRequest.parse({ args: ['apps'], opts: { maxResponse: '4KiB' }, env: {} }), t.ctx));
    expect(err.message).toBe('GET /v1/apps failed: the response body is larger than 4 KiB');
  });
});
