import { describe, expect, it } from 'vitest';
import * as datasets from '../../../../src/commands/datasets/list.js';
import * as models from '../../../../src/commands/models/list.js';
import * as status from '../../../../src/commands/runtime/status.js';
import { failure, json, testContext } from '../../../helpers/context.js';

const RT = 'http://127.0.0.1:8090';
const KEY = 'env-app-key-0123456789';
const env = { SPICE_RUNTIME_URL: RT, SPICE_APP_API_KEY: KEY };
const runtime = { app: undefined, endpoint: undefined, flightEndpoint: undefined, key: undefined };

describe('runtime status', () => {
  it('shows components and readiness; no Management API call with the endpoint and key from env', async () => {
    const t = await testContext({ tty: true, env });
    const pool = t.mock.get(RT);
    pool.intercept({ path: '/v1/ready', method: 'GET' }).reply(200, 'ready');
    pool.intercept({ path: '/v1/status', method: 'GET', headers: { 'x-api-key': KEY } }).reply(200, [
      { name: 'http', endpoint: '0.0.0.0:8090', status: 'Ready' },
      { name: 'flight', endpoint: '0.0.0.0:50051', status: 'Ready' },
    ], json);
    await status.run({ runtime }, t.ctx);
    expect(t.io.err()).toContain('Runtime http://127.0.0.1:8090: ready');
    expect(t.io.out()).toMatch(/^COMPONENT\s+ENDPOINT\s+STATUS\nhttp\s+0\.0\.0\.0:8090\s+Ready\nflight\s+0\.0\.0\.0:50051\s+Ready\n$/);
    t.done();
  });

  it('exits 1 when the runtime is not ready, after printing what it knows', async () => {
    const t = await testContext({ globals: { json: true }, env });
    const pool = t.mock.get(RT);
    pool.intercept({ path: '/v1/ready', method: 'GET' }).reply(503, 'not ready');
    pool.intercept({ path: '/v1/status', method: 'GET' }).reply(200, [{ name: 'http', endpoint: '0.0.0.0:8090', status: 'Initializing' }], json);
    const e = await failure(status.run({ runtime }, t.ctx));
    expect(e.exitCode).toBe(1);
    expect(JSON.parse(t.io.out())).toEqual({ endpoint: RT, app: null, ready: false, components: [{ name: 'http', endpoint: '0.0.0.0:8090', status: 'Initializing' }] });
  });
});

describe('datasets list and models list', () => {
  it('lists datasets with their status, piped as TSV', async () => {
    const t = await testContext({ env });
    t.mock.get(RT).intercept({ path: '/v1/datasets?status=true&format=json', method: 'GET' }).reply(200, [
      { from: 'file:trips.parquet', name: 'trips', replication_enabled: false, acceleration_enabled: true, status: 'Ready' },
      { from: 'postgres:orders', name: 'orders', replication_enabled: false, acceleration_enabled: false, status: 'Refreshing' },
    ], json);
    await datasets.run({ runtime }, t.ctx);
    expect(t.io.out()).toBe('trips\tfile:trips.parquet\tyes\tReady\norders\tpostgres:orders\tno\tRefreshing\n');
    t.done();
  });

  it('lists models from the OpenAI list shape, capitalising a lowercase status', async () => {
    const t = await testContext({ globals: { json: true }, env });
    t.mock.get(RT).intercept({ path: '/v1/models?status=true&format=json', method: 'GET' }).reply(200, {
      object: 'list',
      data: [
        { id: 'assistant', object: 'model', owned_by: 'openai:gpt-4o', datasets: ['docs'], status: 'ready' },
        { id: 'broken', object: 'model', owned_by: 'hf:x', datasets: null, status: 'Error' },
      ],
    }, json);
    await models.run({ runtime }, t.ctx);
    expect(JSON.parse(t.io.out())).toEqual([
      { id: 'assistant', owned_by: 'openai:gpt-4o', datasets: ['docs'], status: 'Ready' },
      { id: 'broken', owned_by: 'hf:x', datasets: null, status: 'Error' },
    ]);
  });

  it('a 401 says the key may have been regenerated', async () => {
    const t = await testContext({ env });
    t.mock.get(RT).intercept({ path: '/v1/models?status=true&format=json', method: 'GET' }).reply(401, 'Unauthorized');
    const e = await failure(models.run({ runtime }, t.ctx));
    expect(e.exitCode).toBe(4);
    expect(e.hint).toMatch(/SPICE_APP_API_KEY; it may have been regenerated/);
  });
});
