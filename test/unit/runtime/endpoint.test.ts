import { describe, expect, it } from 'vitest';
import { deriveCloudFlight, flightFromStatus, parseFlightEndpoint, resolveTarget } from '../../../src/runtime/endpoint.js';
import { parseRuntimeOptions } from '../../../src/commands/shared/runtime-options.js';
import { failure, json, testContext } from '../../helpers/context.js';

const DATA = 'https://us-west-2-prod-aws-data.spiceai.io';
const KEY = 'app-key-primary-0123456789';
const KEY2 = 'app-key-secondary-0123456789';
const raw = (opts: Record<string, unknown> = {}, env: Record<string, string> = {}) => ({ args: [], opts, env });

describe('runtime target resolution', () => {
  it('with --endpoint and SPICE_APP_API_KEY makes no Management API call and needs no token', async () => {
    const t = await testContext({ env: { SPICE_API_TOKEN: undefined, SPICE_APP_API_KEY: KEY } });
    const target = await resolveTarget(t.ctx, { endpoint: 'http://127.0.0.1:8090/' });
    expect(target).toMatchObject({ httpBase: 'http://127.0.0.1:8090', endpointSource: '--endpoint', apiKey: KEY, keySource: 'SPICE_APP_API_KEY', cloud: false, app: undefined });
    expect(t.ctx.redactor.redact(`x ${KEY} y`)).not.toContain(KEY);
    t.done();
  });

  it('prefers --endpoint over SPICE_RUNTIME_URL, and SPICE_APP_API_KEY over SPICE_API_KEY', async () => {
    const t = await testContext({ env: { SPICE_RUNTIME_URL: 'http://localhost:1', SPICE_APP_API_KEY: KEY, SPICE_API_KEY: KEY2 } });
    expect(await resolveTarget(t.ctx, { endpoint: 'http://127.0.0.1:2' })).toMatchObject({ httpBase: 'http://127.0.0.1:2', apiKey: KEY });
    const u = await testContext({ env: { SPICE_RUNTIME_URL: 'http://localhost:1', SPICE_API_KEY: KEY2 } });
    expect(await resolveTarget(u.ctx, {})).toMatchObject({ httpBase: 'http://localhost:1', endpointSource: 'SPICE_RUNTIME_URL', apiKey: KEY2, keySource: 'SPICE_API_KEY' });
  });

  it("takes the app's endpoint and primary key from the Management API and redacts the key", async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/7', method: 'GET' }).reply(200, { id: 7, name: 'sales-data', endpoint: 'us-west-2-prod-aws-data.spiceai.io' }, json);
    t.api.intercept({ path: '/v1/apps/7/api-keys', method: 'GET' }).reply(200, { api_key: KEY, api_key_2: KEY2 }, json);
    const target = await resolveTarget(t.ctx, { app: { text: '7', id: 7 } });
    expect(target).toMatchObject({ httpBase: DATA, endpointSource: 'app', cloud: true, app: { id: 7, name: 'sales-data' }, apiKey: KEY, keySource: 'primary' });
    expect(t.ctx.redactor.redact(`${KEY} ${KEY2}`)).not.toMatch(/app-key/);
    t.done();
  });

  it('uses the secondary key with --key secondary', async () => {
    const t = await testContext({ env: { SPICE_RUNTIME_URL: DATA } });
    t.api.intercept({ path: '/v1/apps/7/api-keys', method: 'GET' }).reply(200, { api_key: KEY, api_key_2: KEY2 }, json);
    expect((await resolveTarget(t.ctx, { app: { text: '7', id: 7 }, key: 'secondary' })).apiKey).toBe(KEY2);
    t.done();
  });

  it('refuses a hosted app without an endpoint (Cloud Connect) with exit 3 and a hint', async () => {
    const t = await testContext({ env: { SPICE_APP_API_KEY: KEY } });
    t.api.intercept({ path: '/v1/apps/7', method: 'GET' }).reply(200, { id: 7, name: 'edge', endpoint: null }, json);
    const e = await failure(resolveTarget(t.ctx, { app: { text: '7', id: 7 } }));
    expect(e.exitCode).toBe(3);
    expect(e.message).toBe('app "edge" has no runtime endpoint');
    expect(e.hint).toMatch(/Cloud Connect.*--endpoint/);
  });

  it('without an app, an endpoint or a key explains both ways out', async () => {
    const t = await testContext();
    const e = await failure(resolveTarget(t.ctx, {}));
    expect(e.exitCode).toBe(2);
    expect(e.hint).toMatch(/--app.*SPICE_APP_API_KEY/);
  });

  it("refuses to send a fetched key over plain http to another machine", async () => {
    const t = await testContext({ env: { SPICE_RUNTIME_URL: 'http://runtime.internal:8090' } });
    t.api.intercept({ path: '/v1/apps/7/api-keys', method: 'GET' }).reply(200, { api_key: KEY, api_key_2: null }, json);
    const e = await failure(resolveTarget(t.ctx, { app: { text: '7', id: 7 } }));
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/plain http to runtime\.internal:8090/);
  });

  it('names the missing key', async () => {
    const t = await testContext({ env: { SPICE_RUNTIME_URL: DATA } });
    t.api.intercept({ path: '/v1/apps/7/api-keys', method: 'GET' }).reply(200, { api_key: KEY, api_key_2: null }, json);
    const e = await failure(resolveTarget(t.ctx, { app: { text: '7', id: 7 }, key: 'secondary' }));
    expect(e.exitCode).toBe(3);
    expect(e.hint).toMatch(/keys regenerate --secondary/);
  });
});

describe('Flight address', () => {
  it('derives -flight from -data for Spice Cloud hosts, port 443, TLS', () => {
    expect(deriveCloudFlight(DATA)).toEqual({ address: 'us-west-2-prod-aws-flight.spiceai.io:443', tls: true, source: 'derived' });
    expect(deriveCloudFlight('https://data.spiceai.io')?.address).toBe('flight.spiceai.io:443');
    expect(deriveCloudFlight('https://private-acme-prod-sandbox-us-west-2-prod-data.spiceai.io')?.address).toBe('private-acme-prod-sandbox-us-west-2-prod-flight.spiceai.io:443');
    expect(deriveCloudFlight('http://127.0.0.1:8090')).toBeUndefined();
    expect(deriveCloudFlight('https://api.spiceai.io')).toBeUndefined();
  });

  it('reads the flight component of /v1/status; a wildcard bind means the HTTP host', () => {
    const status = [
      { name: 'http', endpoint: '0.0.0.0:8090', status: 'Ready' },
      { name: 'flight', endpoint: '0.0.0.0:50051', status: 'Ready' },
    ];
    expect(flightFromStatus(status, 'http://127.0.0.1:8090')).toEqual({ address: '127.0.0.1:50051', tls: false, source: '/v1/status' });
    expect(flightFromStatus([{ name: 'flight', endpoint: '[::]:50051' }], 'https://spice.example.com')).toEqual({ address: 'spice.example.com:50051', tls: true, source: '/v1/status' });
    expect(flightFromStatus([{ name: 'flight', endpoint: 'grpc://10.0.0.5:50051' }], 'https://spice.example.com')?.tls).toBe(false);
    expect(flightFromStatus([{ name: 'http', endpoint: '0.0.0.0:8090' }], 'http://127.0.0.1:8090')).toBeUndefined();
  });

  it('parses --flight-endpoint forms', () => {
    expect(parseFlightEndpoint('127.0.0.1:50051', false)).toEqual({ address: '127.0.0.1:50051', tls: false, source: '--flight-endpoint' });
    expect(parseFlightEndpoint('grpc+tls://flight.example.com', false)).toEqual({ address: 'flight.example.com:443', tls: true, source: '--flight-endpoint' });
    expect(parseFlightEndpoint('grpc://[::1]:50051', true).tls).toBe(false);
    expect(() => parseFlightEndpoint('local host', true)).toThrow(/invalid --flight-endpoint/);
    expect(() => parseFlightEndpoint('grpc://host', true)).toThrow(/give the port/);
  });
});

describe('runtime flags', () => {
  it('validates --key, --endpoint and --flight-endpoint before anything is sent', () => {
    expect(parseRuntimeOptions(raw({ app: 'sales-data', key: 'secondary', endpoint: 'https://x.example' }))).toEqual({
      app: { text: 'sales-data' },
      endpoint: 'https://x.example',
      flightEndpoint: undefined,
      key: 'secondary',
    });
    expect(() => parseRuntimeOptions(raw({ key: 'third' }))).toThrow(/invalid --key/);
    expect(() => parseRuntimeOptions(raw({ endpoint: 'grpc://x:1' }))).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseRuntimeOptions(raw({ endpoint: 'https://user:pw@x' }))).toThrow(/credentials do not belong/);
    expect(parseRuntimeOptions(raw({}, { SPICE_APP: '12' })).app).toEqual({ text: '12', id: 12 });
  });
});
