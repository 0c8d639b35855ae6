/**
 * Low-level HTTP helpers: the Reply value handlers return, body reading with the 1 MiB
 * limit, and writing a Reply to the wire.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './errors.js';

export interface Reply {
  status: number;
  /** JSON-serialised unless `raw` is given. Omitted (or status 204) = no body. */
  body?: unknown;
  /** Pre-rendered body, sent as-is with the given headers (fault injection, docs). */
  raw?: string;
  headers?: Record<string, string>;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply =>
  headers ? { status, body, headers } : { status, body };

export const noContent = (): Reply => ({ status: 204 });

/** The API refuses request bodies above 1 MiB with 413 (docs-readme, newest). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this we stop draining an oversized upload and cut the connection. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * Reads the whole body. Oversized bodies are drained (not stored) before the 413 is
 * thrown, so that clients which send the full body before reading the answer (fetch
 * does) see the 413 instead of a reset connection.
 */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) req.destroy();
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new ApiError(413, 'Request body too large (limit 1 MiB)', 'payload_too_large'));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
    // Client gave up mid-upload: settle (a no-op if 'end' already resolved).
    req.on('close', () => reject(new ApiError(400, 'Request aborted')));
  });
}

/** Parses a JSON body; an empty body is `undefined`. */
export function parseJson(buf: Buffer): unknown {
  const text = buf.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'Invalid JSON body');
  }
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.raw !== undefined) {
    headers['content-length'] = String(Buffer.byteLength(reply.raw));
    res.writeHead(reply.status, headers);
    res.end(reply.raw);
    return;
  }
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  headers['content-type'] = 'application/json';
  headers['content-length'] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, headers);
  res.end(text);
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Body as an object: absent -> {}, anything but a JSON object -> 400. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (!isObject(body)) throw new ApiError(400, 'Request body must be a JSON object');
  return body;
}
