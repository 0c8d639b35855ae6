/**
 * Contract test of the emulated runtime: exercises every operation of
 * spec/runtime-openapi.json and validates each answer (status, Content-Type, body) against
 * the schema the spec declares for it. SSE bodies are validated frame by frame. The last
 * test fails if an operation of the spec was not exercised.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { deployedApp, rt, startWithRuntime, type DeployedApp } from './helpers.js';

type AjvClass = typeof Ajv2020Module.default;
const Ajv2020 = ((Ajv2020Module as unknown as { default?: AjvClass }).default ?? Ajv2020Module) as AjvClass;
type Json = Record<string, any>;
const spec = JSON.parse(readFileSync(fileURLToPath(new URL('../../../spec/runtime-openapi.json', import.meta.url)), 'utf8')) as Json;
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(spec, 'runtime');

function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? `runtime${v}` : rebase(v)]));
}

let emu: RunningEmulator;
let app: DeployedApp;
let undeployed: DeployedApp;
const exercised = new Set<string>();

beforeAll(async () => {
  emu = await startWithRuntime();
  app = await deployedApp(emu, 'contract-app');
  undeployed = await deployedApp(emu, 'contract-undeployed', undefined, false);
});
afterAll(() => emu.close());

interface Case {
  method: string;
  path: string;
  status: number;
  key?: string | null;
  body?: unknown;
  raw?: string;
  contentType?: string;
  accept?: string;
}

async function check(c: Case): Promise<void> {
  const template = c.path.split('?')[0] as string;
  const op = spec.paths[template]?.[c.method.toLowerCase()] as Json | undefined;
  expect(op, `${c.method} ${template} is in the spec`).toBeDefined();
  exercised.add(`${c.method} ${template}`);
  const headers: Record<string, string> = {};
  if (c.accept) headers['accept'] = c.accept;
  let body: string | undefined = c.raw;
  if (c.body !== undefined) {
    body = JSON.stringify(c.body);
    headers['content-type'] = c.contentType ?? 'application/json';
  } else if (c.contentType) headers['content-type'] = c.contentType;
  const key = c.key === undefined ? app.key : c.key;
  const res = await rt(emu, c.method, c.path, { key, ...(body !== undefined ? { body } : {}), headers });
  expect(res.status, `${c.method} ${c.path}: ${res.text.slice(0, 200)}`).toBe(c.status);
  const response = op?.responses[String(c.status)] as Json | undefined;
  expect(response, `${c.method} ${template} declares ${c.status}`).toBeDefined();
  const contentType = res.headers.get('content-type') ?? '';
  const media = response?.content?.[contentType] as Json | undefined;
  expect(media, `${c.method} ${template} ${c.status} declares ${contentType}`).toBeDefined();
  const validate = ajv.compile(rebase(media?.schema) as object);
  const values: unknown[] =
    contentType === 'text/event-stream'
      ? res.text
          .split('\n\n')
          .filter((f) => f.startsWith('data: ') && f !== 'data: [DONE]' && template === '/v1/chat/completions')
          .map((f) => JSON.parse(f.slice(6)))
      : [contentType.includes('json') ? JSON.parse(res.text) : res.text];
  for (const v of values) expect(validate(v), `${c.method} ${c.path} ${c.status}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

const sql = (s: string, accept?: string): Case => ({ method: 'POST', path: '/v1/sql', status: 200, raw: s, contentType: 'text/plain', ...(accept ? { accept } : {}) });

describe('runtime contract', () => {
  it('/health and /v1/ready', async () => {
    await check({ method: 'GET', path: '/health', status: 200, key: null });
    await check({ method: 'GET', path: '/v1/ready', status: 200, key: null });
  });

  it('/v1/sql in every format, and its errors', async () => {
    const q = 'SELECT id, product, price, reviewed_at, [rating] AS l FROM reviews ORDER BY id';
    await check(sql(q));
    await check(sql(q, 'application/vnd.spiceai.sql.v1+json'));
    await check(sql('SELECT * FROM reviews WHERE false', 'application/vnd.spiceai.sql.v1+json'));
    await check(sql(q, 'text/csv'));
    await check(sql(q, 'text/plain'));
    await check({ method: 'POST', path: '/v1/sql', status: 200, body: { sql: 'SELECT $1 AS x', parameters: [1] } });
    await check({ ...sql('SELEC 1'), status: 400 });
    await check({ ...sql('SELECT 1'), status: 401, key: 'spk_wrong' });
    await check({ ...sql('SELECT 1'), status: 503, key: undeployed.key });
  });

  it('listing routes', async () => {
    await check({ method: 'GET', path: '/v1/datasets', status: 200 });
    await check({ method: 'GET', path: '/v1/datasets?status=true', status: 200 });
    await check({ method: 'GET', path: '/v1/datasets?format=csv', status: 200 });
    await check({ method: 'GET', path: '/v1/models?status=true', status: 200 });
    await check({ method: 'GET', path: '/v1/models', status: 401, key: null });
    await check({ method: 'GET', path: '/v1/status', status: 200 });
    await check({ method: 'GET', path: '/v1/spicepods', status: 200 });
    await check({ method: 'GET', path: '/v1/spicepods?format=csv', status: 200 });
  });

  it('/v1/search', async () => {
    await check({ method: 'POST', path: '/v1/search', status: 200, body: { text: 'bread water', limit: 5, additional_columns: ['product'] } });
    await check({ method: 'POST', path: '/v1/search', status: 400, body: { text: 'x', limit: 0 } });
    await check({ method: 'POST', path: '/v1/search', status: 415, raw: '{"text":"x"}', contentType: 'text/plain' });
    await check({ method: 'POST', path: '/v1/search', status: 422, body: { limit: 1 } });
  });

  it('/v1/chat/completions', async () => {
    const messages = [{ role: 'user', content: 'run `SELECT count(*) AS n FROM reviews`' }];
    await check({ method: 'POST', path: '/v1/chat/completions', status: 200, body: { model: 'assistant', messages } });
    await check({ method: 'POST', path: '/v1/chat/completions', status: 200, body: { model: 'assistant', messages, stream: true, stream_options: { include_usage: true } } });
    await check({ method: 'POST', path: '/v1/chat/completions', status: 404, body: { model: 'nope', messages } });
    await check({ method: 'POST', path: '/v1/chat/completions', status: 400, raw: '{', contentType: 'application/json' });
  });

  it('/v1/nsql', async () => {
    const query = 'how many rows are in reviews';
    await check({ method: 'POST', path: '/v1/nsql', status: 200, body: { query } });
    await check({ method: 'POST', path: '/v1/nsql', status: 200, body: { query }, accept: 'application/vnd.spiceai.nsql.v1+json' });
    await check({ method: 'POST', path: '/v1/nsql', status: 200, body: { query }, accept: 'application/sql' });
    await check({ method: 'POST', path: '/v1/nsql', status: 200, body: { query, stream: true } });
    await check({ method: 'POST', path: '/v1/nsql', status: 500, body: { query: 'why?' } });
  });

  it('exercised every operation of the spec', () => {
    const all = Object.entries(spec.paths as Json).flatMap(([p, ops]) => Object.keys(ops as Json).map((m) => `${m.toUpperCase()} ${p}`));
    expect(all.filter((o) => !exercised.has(o))).toEqual([]);
  });
});
