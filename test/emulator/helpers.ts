/** Shared helpers for the emulator tests: a fake clock and a small JSON client. */
import { request as httpRequest } from 'node:http';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';

export class FakeClock {
  constructor(public t = Date.parse('2026-03-01T12:00:00.000Z')) {}
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined when the body is empty. */
  body: any;
}

export interface CallOptions {
  token?: string | null;
  headers?: Record<string, string>;
  /** Sent as JSON unless `raw` is set. */
  body?: unknown;
  raw?: string | Buffer;
}

export async function call(emu: RunningEmulator, method: string, path: string, o: CallOptions = {}): Promise<Res> {
  const headers: Record<string, string> = { accept: 'application/json', ...o.headers };
  const token = o.token === undefined ? emu.token : o.token;
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  let body: string | Buffer | undefined;
  if (o.raw !== undefined) body = o.raw;
  else if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(emu.url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** Starts an emulator on an ephemeral port with instant deployments unless overridden. */
export function start(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, queuedMs: 0, runningMs: 0, ...opts });
}

export const SPICEPOD_YAML = `version: v1
kind: Spicepod
name: demo
datasets:
  - from: s3://bucket/taxi/
    name: taxi
`;

/** Creates an app (optionally with a spicepod) and returns its id. */
export async function createApp(emu: RunningEmulator, name: string, extra: Record<string, unknown> = {}, spicepod = false): Promise<number> {
  const r = await call(emu, 'POST', '/v1/apps', { body: { name, ...extra } });
  if (r.status !== 201) throw new Error(`create ${name}: ${r.status} ${r.text}`);
  const id = r.body.id as number;
  if (spicepod) {
    const u = await call(emu, 'PUT', `/v1/apps/${id}`, { body: { spicepod: SPICEPOD_YAML } });
    if (u.status !== 200) throw new Error(`spicepod: ${u.status} ${u.text}`);
  }
  return id;
}

/**
 * Raw HTTP/1.1 request with node:http (no retries, no body decoding), resolving with
 * what arrived, or with `error` set when the connection broke.
 */
export function rawRequest(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status?: number; headers?: Record<string, unknown>; body: string; error?: string }> {
  return new Promise((resolve) => {
    let data = '';
    let status: number | undefined;
    let hdrs: Record<string, unknown> | undefined;
    const req = httpRequest(url + path, { method, headers, agent: false }, (res) => {
      status = res.statusCode;
      hdrs = res.headers;
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ status, headers: hdrs, body: data }));
      res.on('error', (e) => resolve({ status, headers: hdrs, body: data, error: e.message }));
      res.on('aborted', () => resolve({ status, headers: hdrs, body: data, error: 'aborted' }));
    });
    req.on('error', (e) => resolve({ status, headers: hdrs, body: data, error: (e as NodeJS.ErrnoException).code ?? e.message }));
    if (body !== undefined) req.write(body);
    req.end();
  });
}
