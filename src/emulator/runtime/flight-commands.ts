/**
 * What a Flight descriptor or ticket asks for, and the prepared statements behind
 * Flight SQL parameters (dataplane.md §4.4):
 *
 * - descriptor CMD whose bytes are not an Any: SQL text (the "simple" Spice protocol);
 * - Any CommandStatementQuery{query}: SQL (standard Flight SQL);
 * - Any CommandPreparedStatementQuery{handle}: a prepared statement, with the parameters
 *   bound by DoPut.
 *
 * Tickets are opaque to clients. Like the G3 runtime, the service wraps them in an Any
 * `spiceai.flight.TracedTicket` (32 hex characters of trace id, then the inner ticket);
 * a raw SQL ticket is accepted too.
 */
import { randomBytes } from 'node:crypto';
import type { SqlParams, SqlScalar } from './engine.js';
import { invalidArgument, notFound, unimplemented } from './flight-errors.js';
import { decodeAny, decodeHandle, decodeQuery, encodeAny, encodeHandle, TypeUrl } from '../../proto/flight-sql.js';
import type { FlightDescriptorMsg } from '../../proto/flight.js';

export type Command =
  | { kind: 'sql'; sql: string }
  | { kind: 'prepared'; handle: Buffer };

/** The command of a GetFlightInfo/GetSchema/DoPut descriptor. */
export function commandOf(d: FlightDescriptorMsg | null | undefined): Command {
  if (!d || !(d.type === 'CMD' || d.type === 2)) throw invalidArgument('Only CMD flight descriptors are supported');
  return commandOfBytes(d.cmd ?? Buffer.alloc(0));
}

function commandOfBytes(bytes: Buffer): Command {
  const any = decodeAny(bytes);
  if (!any) {
    const sql = bytes.toString('utf8');
    if (sql.trim() === '') throw invalidArgument('Empty SQL command');
    return { kind: 'sql', sql };
  }
  switch (any.typeUrl) {
    case TypeUrl.CommandStatementQuery:
      return { kind: 'sql', sql: decodeQuery(any.value) };
    case TypeUrl.TicketStatementQuery:
      return { kind: 'sql', sql: decodeHandle(any.value).toString('utf8') };
    case TypeUrl.CommandPreparedStatementQuery:
      return { kind: 'prepared', handle: decodeHandle(any.value) };
    default:
      throw unimplemented(`Unsupported Flight SQL command: ${any.typeUrl.slice(any.typeUrl.lastIndexOf('/') + 1)}`);
  }
}

/** The ticket for a command: a statement handle (the SQL) or the prepared statement command. */
export function ticketFor(cmd: Command): Buffer {
  const inner =
    cmd.kind === 'sql'
      ? encodeHandle(TypeUrl.TicketStatementQuery, Buffer.from(cmd.sql, 'utf8'))
      : encodeHandle(TypeUrl.CommandPreparedStatementQuery, cmd.handle);
  return encodeAny(TypeUrl.TracedTicket, Buffer.concat([Buffer.from(randomBytes(16).toString('hex'), 'latin1'), inner]));
}

/** The command of a DoGet ticket (traced, Flight SQL, or raw SQL bytes). */
export function commandOfTicket(ticket: Buffer | undefined): Command {
  if (!ticket || ticket.length === 0) throw invalidArgument('Empty ticket');
  const any = decodeAny(ticket);
  if (any?.typeUrl === TypeUrl.TracedTicket) {
    if (any.value.length < 32) throw invalidArgument('Invalid ticket');
    return commandOfBytes(any.value.subarray(32));
  }
  return commandOfBytes(ticket);
}

// ─── prepared statements ─────────────────────────────────────────────────────

interface Prepared {
  appId: number;
  sql: string;
  params: SqlParams | undefined;
}

const MAX_PREPARED = 10_000;

/** Open prepared statements, each bound to the app that created it. */
export class PreparedStatements {
  private readonly map = new Map<string, Prepared>();

  create(appId: number, sql: string): Buffer {
    const handle = `ps-${randomBytes(12).toString('hex')}`;
    if (this.map.size >= MAX_PREPARED) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
    this.map.set(handle, { appId, sql, params: undefined });
    return Buffer.from(handle, 'latin1');
  }

  get(appId: number, handle: Buffer): Prepared {
    const p = this.map.get(handle.toString('latin1'));
    if (!p || p.appId !== appId) throw notFound('Prepared statement not found (closed, or created with another key)');
    return p;
  }

  bind(appId: number, handle: Buffer, params: SqlParams): void {
    this.get(appId, handle).params = params;
  }

  close(appId: number, handle: Buffer): void {
    const key = handle.toString('latin1');
    const p = this.map.get(key);
    if (p && p.appId === appId) this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }
}

// ─── parameter batches ───────────────────────────────────────────────────────

/**
 * Parameters from a DoPut batch: columns `$1, $2…` are positional; any other names are
 * named parameters (without the `$`, as spice.js sends them). One row = one binding.
 */
export function paramsFromTable(table: import('apache-arrow').Table): SqlParams {
  if (table.numRows !== 1) throw invalidArgument(`Expected one row of parameters, got ${table.numRows}`);
  const fields = table.schema.fields;
  const values = fields.map((f, i) => scalar(table.getChildAt(i)?.get(0), f.name));
  const positional = fields.length > 0 && fields.every((f) => /^\$\d+$/.test(f.name));
  if (positional) {
    const out: SqlScalar[] = [];
    fields.forEach((f, i) => {
      out[Number(f.name.slice(1)) - 1] = values[i] as SqlScalar;
    });
    for (let i = 0; i < out.length; i++) if (!(i in out)) throw invalidArgument(`Missing positional parameter $${i + 1}`);
    return out;
  }
  const named: Record<string, SqlScalar> = {};
  fields.forEach((f, i) => {
    named[f.name.replace(/^\$/, '')] = values[i] as SqlScalar;
  });
  return named;
}

function scalar(v: unknown, name: string): SqlScalar {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  throw invalidArgument(`Unsupported type for parameter ${name}: only numbers, strings, booleans and null bind`);
}
