/**
 * The emulated runtime's Arrow Flight service over real sockets, driven by the CLI's own
 * Flight client (src/runtime/flight.ts) and, where the wire matters, by raw gRPC calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import * as arrow from 'apache-arrow';
import { startFlightServer, type RunningFlightServer } from '../../src/emulator/runtime/flight.js';
import { connectFlight, type FlightClient } from '../../src/runtime/flight.js';
import { loadFlightProto, type FlightDataMsg, type FlightInfoMsg } from '../../src/proto/flight.js';
import { encodeQuery, TypeUrl } from '../../src/proto/flight-sql.js';
import { EOS, frame } from '../../src/proto/ipc.js';
import { CliError } from '../../src/errors.js';
import { FakeEngine, FakeHost } from './flight-fakes.js';

const KEY = 'app-key-primary-0123456789';
const KEY2 = 'app-key-secondary-0123456789';

let host: FakeHost;
let engine: FakeEngine;
let server: RunningFlightServer;
let raw: grpc.Client & Record<string, (...a: unknown[]) => unknown>;

beforeAll(async () => {
  engine = new FakeEngine();
  host = new FakeHost(engine);
  host.addApp(1, 'shop', KEY, KEY2);
  host.undeployed.add('undeployed-key-000');
  host.keys.set('undeployed-key-000', { id: 2, name: 'fresh', engine });
  server = await startFlightServer(host, { host: '127.0.0.1', port: 0 });
  const { FlightService } = await loadFlightProto();
  raw = new FlightService(server.address, grpc.credentials.createInsecure()) as never;
});

afterAll(async () => {
  raw?.close();
  await server?.close();
});

const bearer = (token: string): grpc.Metadata => {
  const md = new grpc.Metadata();
  md.set('authorization', `Bearer ${token}`);
  return md;
};

function getFlightInfo(cmd: Buffer, md: grpc.Metadata): Promise<FlightInfoMsg> {
  return new Promise((resolve, reject) =>
    (raw['GetFlightInfo'] as (d: unknown, m: grpc.Metadata, cb: (e: grpc.ServiceError | null, r: FlightInfoMsg) => void) => void)(
      { type: 'CMD', cmd },
      md,
      (e, r) => (e ? reject(e) : resolve(r)),
    ),
  );
}

async function doGetTable(ticket: Buffer, md: grpc.Metadata): Promise<arrow.Table> {
  const call = (raw['DoGet'] as (t: unknown, m: grpc.Metadata) => grpc.ClientReadableStream<FlightDataMsg>)({ ticket }, md);
  const parts: Buffer[] = [];
  for await (const m of call as AsyncIterable<FlightDataMsg>) parts.push(frame(m.dataHeader ?? Buffer.alloc(0), m.dataBody ?? Buffer.alloc(0)));
  return arrow.tableFromIPC(Buffer.concat([...parts, EOS]));
}

async function rows(client: FlightClient, sql: string, params?: unknown[] | Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
  const res = await client.query(sql, params);
  const out: Array<Record<string, unknown>> = [];
  for await (const b of res.batches) for (const r of b) out.push(r!.toJSON() as Record<string, unknown>);
  return out;
}

async function failure(p: Promise<unknown>): Promise<CliError> {
  try {
    await p;
  } catch (e) {
    return e as CliError;
  }
  throw new Error('expected a failure');
}

const client = (apiKey = KEY) => connectFlight({ address: server.address, tls: false, apiKey, userAgent: 'test', attempts: 2, retryDelayMs: 10 });

describe('Flight auth', () => {
  it('answers a call with a valid bearer key, primary or secondary', async () => {
    for (const key of [KEY, KEY2]) {
      const c = await client(key);
      expect(await rows(c, 'SELECT 1 AS x')).toEqual([{ x: 1n }]);
      c.close();
    }
  });

  it('refuses a call without authorization, with a non-bearer header, or with a wrong key (UNAUTHENTICATED)', async () => {
    const sql = Buffer.from('SELECT 1 AS x');
    await expect(getFlightInfo(sql, new grpc.Metadata())).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED, details: 'Missing authorization header' });
    const basic = new grpc.Metadata();
    basic.set('authorization', 'Token abc');
    await expect(getFlightInfo(sql, basic)).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED, details: 'Invalid authorization header' });
    await expect(getFlightInfo(sql, bearer('wrong-key'))).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED, details: 'Invalid credentials' });
  });

  it('turns a wrong key into the CLI auth error (exit 4) whose text never holds the key', async () => {
    const c = await client('not-the-key-1234');
    const err = await failure(c.query('SELECT 1 AS x'));
    expect(err.exitCode).toBe(4);
    expect(err.hint).toMatch(/regenerated/);
    expect(`${err.message} ${err.hint}`).not.toContain('not-the-key-1234');
    c.close();
  });

  it('answers UNAVAILABLE with the host message for an app that is not deployed yet', async () => {
    await expect(getFlightInfo(Buffer.from('SELECT 1 AS x'), bearer('undeployed-key-000'))).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
      details: 'app has no successful deployment yet',
    });
  });

  it('Handshake with Basic auth returns a bearer session token that then works, and a wrong password fails', async () => {
    const handshake = (md: grpc.Metadata) =>
      new Promise<{ headers: grpc.Metadata; payload: Buffer }>((resolve, reject) => {
        const call = (raw['Handshake'] as (m: grpc.Metadata) => grpc.ClientDuplexStream<unknown, { payload: Buffer }>)(md);
        let headers: grpc.Metadata | undefined;
        call.on('metadata', (m) => (headers = m));
        call.on('data', (d) => resolve({ headers: headers!, payload: d.payload }));
        call.on('error', reject);
        call.write({ protocolVersion: 0, payload: Buffer.alloc(0) });
        call.end();
      });
    const md = new grpc.Metadata();
    md.set('authorization', `Basic ${Buffer.from(`ignored-user:${KEY}`).toString('base64')}`);
    const { headers, payload } = await handshake(md);
    const auth = String(headers.get('authorization')[0]);
    const token = auth.replace(/^Bearer /, '');
    expect(auth).toMatch(/^Bearer [0-9a-f]{32}$/);
    expect(String(headers.get('x-session-id')[0])).toBe(token);
    expect(payload.toString()).toBe(token);
    expect(token).not.toContain(KEY);
    const info = await getFlightInfo(Buffer.from('SELECT 1 AS x'), bearer(token));
    expect((await doGetTable(info.endpoint![0]!.ticket!.ticket, bearer(token))).numRows).toBe(1);

    const bad = new grpc.Metadata();
    bad.set('authorization', `Basic ${Buffer.from(':wrong').toString('base64')}`);
    await expect(handshake(bad)).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED, details: 'Invalid credentials' });
    await expect(handshake(new grpc.Metadata())).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED, details: 'Invalid handshake request' });
  });

  it('a session token stops working once its key is regenerated', async () => {
    host.keys.set('short-lived-key-1', host.keys.get(KEY)!);
    const md = new grpc.Metadata();
    md.set('authorization', `Basic ${Buffer.from(':short-lived-key-1').toString('base64')}`);
    const token = await new Promise<string>((resolve, reject) => {
      const call = (raw['Handshake'] as (m: grpc.Metadata) => grpc.ClientDuplexStream<unknown, { payload: Buffer }>)(md);
      call.on('data', (d) => resolve(d.payload.toString()));
      call.on('error', reject);
      call.end();
    });
    await getFlightInfo(Buffer.from('SELECT 1 AS x'), bearer(token));
    host.keys.delete('short-lived-key-1');
    await expect(getFlightInfo(Buffer.from('SELECT 1 AS x'), bearer(token))).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
  });
});

describe('Flight queries', () => {
  it('GetFlightInfo(CMD = SQL bytes) returns the schema and one endpoint with an opaque ticket', async () => {
    const info = await getFlightInfo(Buffer.from('SELECT * FROM range(10)'), bearer(KEY));
    expect(info.endpoint).toHaveLength(1);
    const schema = arrow.tableFromIPC(Buffer.concat([info.schema!, EOS])).schema;
    expect(schema.fields.map((f) => f.name)).toEqual(['value']);
    expect(info.endpoint![0]!.ticket!.ticket.toString('latin1')).toContain('spiceai.flight.TracedTicket');
    const table = await doGetTable(info.endpoint![0]!.ticket!.ticket, bearer(KEY));
    expect(table.numRows).toBe(10);
  });

  it('answers Flight SQL CommandStatementQuery, and DoGet of a raw SQL ticket', async () => {
    const info = await getFlightInfo(encodeQuery(TypeUrl.CommandStatementQuery, 'SELECT * FROM range(3)'), bearer(KEY));
    expect((await doGetTable(info.endpoint![0]!.ticket!.ticket, bearer(KEY))).numRows).toBe(3);
    expect((await doGetTable(Buffer.from('SELECT * FROM range(4)'), bearer(KEY))).numRows).toBe(4);
  });

  it('reports a SQL error as INVALID_ARGUMENT with the engine text, and the client as exit 2', async () => {
    await expect(getFlightInfo(Buffer.from('SELEC nonsense'), bearer(KEY))).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringContaining('ParserError'),
    });
    const c = await client();
    const err = await failure(c.query('SELEC nonsense'));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('ParserError');
    c.close();
  });

  it('binds positional parameters ($1, $2) through a prepared statement and closes it', async () => {
    const c = await client();
    expect(await rows(c, 'SELECT $1 AS a, $2 AS b', [42, 'active'])).toEqual([{ p1: 42n, p2: 'active' }]);
    expect(engine.seen.at(-1)).toEqual({ sql: 'SELECT $1 AS a, $2 AS b', params: [42n, 'active'] });
    c.close();
  });

  it('binds named parameters by their bare names', async () => {
    const c = await client();
    expect(await rows(c, 'SELECT $id AS id, $ok AS ok', { id: 7, $ok: true })).toEqual([{ id: 7n, ok: true }]);
    expect(engine.seen.at(-1)?.params).toEqual({ id: 7n, ok: true });
    c.close();
  });

  it('refuses a prepared statement handle of another app (NOT_FOUND)', async () => {
    host.addApp(9, 'other', 'other-app-key-123');
    const { encodeHandle, decodePreparedStatementResult } = await import('../../src/proto/flight-sql.js');
    const created = await new Promise<Buffer>((resolve, reject) => {
      const call = (raw['DoAction'] as (a: unknown, m: grpc.Metadata) => grpc.ClientReadableStream<{ body: Buffer }>)(
        { type: 'CreatePreparedStatement', body: encodeQuery(TypeUrl.ActionCreatePreparedStatementRequest, 'SELECT 1 AS x') },
        bearer(KEY),
      );
      call.on('data', (d) => resolve(d.body));
      call.on('error', reject);
    });
    const cmd = encodeHandle(TypeUrl.CommandPreparedStatementQuery, decodePreparedStatementResult(created).handle);
    await expect(getFlightInfo(cmd, bearer('other-app-key-123'))).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    expect((await getFlightInfo(cmd, bearer(KEY))).endpoint).toHaveLength(1);
  });

  it('streams a large result batch by batch, pulled by the consumer', async () => {
    const c = await client();
    const res = await c.query('SELECT * FROM range(1000000)');
    expect(res.schema.fields[0]?.name).toBe('value');
    let n = 0;
    let batches = 0;
    let last = -1n;
    for await (const b of res.batches) {
      batches++;
      n += b.numRows;
      last = b.getChildAt(0)!.get(b.numRows - 1) as bigint;
      // The server cannot run far ahead of what has been consumed (flow control).
      expect(engine.produced - n).toBeLessThan(400_000);
    }
    expect(n).toBe(1_000_000);
    expect(last).toBe(999_999n);
    expect(batches).toBeGreaterThan(100);
    c.close();
  }, 60_000);

  it('stops the engine when the consumer abandons a result', async () => {
    const c = await client();
    const before = engine.produced;
    const res = await c.query('SELECT * FROM range(5000000)');
    for await (const _ of res.batches) break;
    // The cancel reaches the server and closes the engine's result (generous bound).
    for (let i = 0; i < 100 && engine.open > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(engine.open).toBe(0);
    expect(engine.produced - before).toBeLessThan(1_000_000);
    c.close();
  });
});

describe('Flight faults and log', () => {
  it('logs each call as FLIGHT /Method with an HTTP-equivalent status, never a key', async () => {
    const c = await client();
    await rows(c, 'SELECT 1 AS x');
    c.close();
    const tail = host.log.slice(-2);
    expect(tail.map((l) => [l.method, l.path, l.status, l.app])).toEqual([
      ['FLIGHT', '/GetFlightInfo', 200, 'shop'],
      ['FLIGHT', '/DoGet', 200, 'shop'],
    ]);
    expect(JSON.stringify(host.log)).not.toContain(KEY);
  });

  it('retries UNAVAILABLE before any data and then succeeds', async () => {
    host.faults.add({ method: 'FLIGHT', path: '/DoGet', action: 'status', status: 503, count: 1 });
    const c = await client();
    expect(await rows(c, 'SELECT 1 AS x')).toEqual([{ x: 1n }]);
    c.close();
    expect(host.log.slice(-4).map((l) => l.status)).toEqual([200, 503, 200, 200]);
  });

  it('gives up after the retry budget with exit 1 (UNAVAILABLE) or 8 (RESOURCE_EXHAUSTED)', async () => {
    const c = await client();
    host.faults.add({ method: 'FLIGHT', path: '/GetFlightInfo', action: 'status', status: 503, count: 2 });
    expect((await failure(c.query('SELECT 1 AS x'))).exitCode).toBe(1);
    host.faults.add({ method: 'FLIGHT', path: '/GetFlightInfo', action: 'status', status: 429, count: 2 });
    expect((await failure(c.query('SELECT 1 AS x'))).exitCode).toBe(8);
    c.close();
  });

  it('a connection dropped in the middle of a result is an error for the client, never a short success', async () => {
    host.faults.add({ method: 'FLIGHT', path: '/DoGet', action: 'drop-after', count: 1 });
    // No retries: on a loaded machine the cut can come before the client has read the
    // schema, and a retry would then (rightly) succeed. Either way it must be an error.
    const c = await connectFlight({ address: server.address, tls: false, apiKey: KEY, userAgent: 'test', attempts: 1 });
    let n = 0;
    const err = await failure(
      (async () => {
        const res = await c.query('SELECT * FROM range(200000)');
        for await (const b of res.batches) n += b.numRows;
      })(),
    );
    expect(err).toBeInstanceOf(CliError);
    expect(err.exitCode).toBe(1);
    expect(n).toBeLessThan(200000);
    expect(host.log.at(-1)).toMatchObject({ path: '/DoGet', status: 0 });
    c.close();
  });

  it('a delay fault holds the answer back', async () => {
    host.faults.add({ method: 'FLIGHT', path: '/GetFlightInfo', action: 'delay', delayMs: 200, count: 1 });
    const c = await client();
    const t0 = Date.now();
    await rows(c, 'SELECT 1 AS x');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    c.close();
  });
});
