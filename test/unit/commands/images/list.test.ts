import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/images/list.js';
import { UsageError } from '../../../../src/errors.js';
import { json, testContext } from '../../../helpers/context.js';

const IMAGES = {
  images: [
    { name: 'spiceai/spiceai:1.6.0', tag: '1.6.0', channel: 'stable' },
    { name: 'spiceai/spiceai:1.5.2', tag: '1.5.2', channel: 'stable' },
  ],
  default: '1.5.2',
};

describe('images list: parse', () => {
  it('accepts --channel stable and enterprise', () => {
    expect(parse({ args: [], opts: { channel: 'enterprise' }, env: {} })).toEqual({ channel: 'enterprise' });
    expect(parse({ args: [], opts: {}, env: {} })).toEqual({ channel: undefined });
  });
  it('rejects another --channel', () => {
    expect(() => parse({ args: [], opts: { channel: 'nightly' }, env: {} })).toThrow(/--channel/);
    expect(() => parse({ args: [], opts: { channel: 'nightly' }, env: {} })).toThrow(UsageError);
  });
});

describe('images list: run', () => {
  it('marks the default tag in a DEFAULT column on a terminal', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ path: '/v1/container-images', method: 'GET' }).reply(200, IMAGES, json);
    await run({}, t.ctx);
    const lines = t.io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TAG\s+IMAGE\s+CHANNEL\s+DEFAULT$/);
    expect(lines[1]).toMatch(/^1\.6\.0\s+spiceai\/spiceai:1\.6\.0\s+stable\s+no$/);
    expect(lines[2]).toMatch(/^1\.5\.2\s+spiceai\/spiceai:1\.5\.2\s+stable\s+yes$/);
    t.done();
  });

  it('prints TSV when piped and sends --channel as a query', async () => {
    const t = await testContext({ tty: false });
    t.api
      .intercept({ path: '/v1/container-images', method: 'GET', query: { channel: 'enterprise' } })
      .reply(200, { images: [{ name: 'spiceai/spiceai-enterprise:1.6.0', tag: '1.6.0', channel: 'enterprise' }], default: '1.6.0' }, json);
    await run({ channel: 'enterprise' }, t.ctx);
    expect(t.io.out()).toBe('1.6.0\tspiceai/spiceai-enterprise:1.6.0\tenterprise\tyes\n');
    t.done();
  });

  it('prints the API objects with isDefault in --json', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/container-images', method: 'GET' }).reply(200, IMAGES, json);
    await run({}, t.ctx);
    expect(JSON.parse(t.io.out())).toEqual([
      { ...IMAGES.images[0], isDefault: false },
      { ...IMAGES.images[1], isDefault: true },
    ]);
    t.done();
  });

  it('accepts a bare array response', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/container-images', method: 'GET' }).reply(200, IMAGES.images, json);
    await run({}, t.ctx);
    expect(JSON.parse(t.io.out())).toHaveLength(2);
    t.done();
  });
});
