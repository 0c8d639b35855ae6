/**
 * Arrow IPC ↔ Flight's FlightData. An IPC stream frames each message as
 * `[0xFFFFFFFF][int32 metadata length][flatbuffer Message, padded to 8][body]`; Flight
 * carries the flatbuffer as `data_header` and the body as `data_body`, one message per
 * FlightData. The server splits what apache-arrow's stream writer produces; the client
 * re-frames what arrives and feeds it to apache-arrow's stream reader, one message at a
 * time, so neither side ever holds more than a batch.
 */
import type { RecordBatch, Schema } from 'apache-arrow';
import type { FlightDataMsg } from './flight.js';

type Arrow = typeof import('apache-arrow');

const CONTINUATION = 0xffffffff;

export interface IpcMessage {
  header: Buffer;
  body: Buffer;
  /** apache-arrow's MessageHeader: 1 Schema, 2 DictionaryBatch, 3 RecordBatch. */
  headerType: number;
}

/** Splits IPC stream bytes into messages (stops at the end-of-stream marker). */
export function splitIpc(arrow: Arrow, bytes: Uint8Array): IpcMessage[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: IpcMessage[] = [];
  let pos = 0;
  while (pos + 8 <= buf.length) {
    let len = buf.readUInt32LE(pos);
    if (len === CONTINUATION) {
      len = buf.readUInt32LE(pos + 4);
      pos += 8;
    } else {
      pos += 4; // legacy framing, no continuation marker
    }
    if (len === 0) break;
    const header = buf.subarray(pos, pos + len);
    const msg = arrow.Message.decode(header);
    pos += len;
    const bodyLength = Number(msg.bodyLength);
    out.push({ header, body: buf.subarray(pos, pos + bodyLength), headerType: msg.headerType });
    pos += bodyLength;
  }
  return out;
}

/** The schema as one IPC stream message (FlightInfo.schema, prepared statements' schemas). */
export function schemaToIpc(arrow: Arrow, schema: Schema): Buffer {
  const bytes = arrow.tableToIPC(new arrow.Table(schema), 'stream');
  const [first] = splitIpc(arrow, bytes);
  if (!first) throw new Error('apache-arrow wrote no schema message');
  return frame(first.header, first.body);
}

/** FlightData for the schema message that opens a DoGet stream. */
export function schemaFlightData(arrow: Arrow, schema: Schema): FlightDataMsg {
  const bytes = arrow.tableToIPC(new arrow.Table(schema), 'stream');
  const [first] = splitIpc(arrow, bytes);
  if (!first) throw new Error('apache-arrow wrote no schema message');
  return { dataHeader: first.header, dataBody: Buffer.alloc(0) };
}

/**
 * FlightData for one record batch: its dictionary batches (if any) and the batch
 * itself, without the schema message apache-arrow's writer puts first.
 */
export function batchFlightData(arrow: Arrow, batch: RecordBatch): FlightDataMsg[] {
  const bytes = arrow.RecordBatchStreamWriter.writeAll([batch]).toUint8Array(true);
  return splitIpc(arrow, bytes)
    .filter((m) => m.headerType !== arrow.MessageHeader.Schema)
    .map((m) => ({ dataHeader: m.header, dataBody: m.body }));
}

/** Re-frames one FlightData as IPC stream bytes (body 8-byte aligned). */
export function frame(header: Uint8Array, body: Uint8Array): Buffer {
  const padded = (header.length + 7) & ~7;
  const out = Buffer.alloc(8 + padded + body.length);
  out.writeUInt32LE(CONTINUATION, 0);
  out.writeUInt32LE(padded, 4);
  out.set(header, 8);
  out.set(body, 8 + padded);
  return out;
}

/** The IPC end-of-stream marker. */
export const EOS = Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/** Arrow IPC bytes of a table or batch list, as FlightData (a DoPut parameter batch). */
export function tableFlightData(arrow: Arrow, ipc: Uint8Array): FlightDataMsg[] {
  return splitIpc(arrow, ipc).map((m) => ({ dataHeader: m.header, dataBody: m.body }));
}
