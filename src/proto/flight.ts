/**
 * Loads Arrow Flight's service definition (Flight.proto, shipped next to this module in
 * src/proto/ and copied to dist/proto/ by scripts/build.mjs) for @grpc/grpc-js. Used by
 * the emulator's Flight server and the CLI's Flight client; both import this module
 * lazily, so gRPC is never loaded by commands that do not speak Flight.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as Grpc from '@grpc/grpc-js';
import { grpcJs, protoLoader } from '../runtime/packages.js';

/** FlightDescriptor as @grpc/proto-loader presents it (camelCase, bytes as Buffer, enums as names). */
export interface FlightDescriptorMsg {
  type?: 'UNKNOWN' | 'PATH' | 'CMD' | number;
  cmd?: Buffer;
  path?: string[];
}
export interface TicketMsg {
  ticket: Buffer;
}
export interface FlightDataMsg {
  flightDescriptor?: FlightDescriptorMsg | null;
  dataHeader?: Buffer;
  appMetadata?: Buffer;
  dataBody?: Buffer;
}
export interface FlightInfoMsg {
  schema?: Buffer;
  flightDescriptor?: FlightDescriptorMsg | null;
  endpoint?: Array<{ ticket?: TicketMsg | null; location?: Array<{ uri: string }> }>;
  totalRecords?: string | number;
  totalBytes?: string | number;
}
export interface ActionMsg {
  type: string;
  body?: Buffer;
}
export interface ResultMsg {
  body: Buffer;
}
export interface PutResultMsg {
  appMetadata?: Buffer;
}
export interface HandshakeMsg {
  protocolVersion?: string | number;
  payload?: Buffer;
}

export interface FlightProto {
  grpc: typeof Grpc;
  /** arrow.flight.protocol.FlightService: client constructor, with `.service` for servers. */
  FlightService: Grpc.ServiceClientConstructor;
}

/** Message size limit for both directions: Arrow batches can be large (the Rust CLI uses 500 MB). */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

/** The directory holding Flight.proto, from source (src/proto) or from a dist/ bundle or chunk. */
export function protoDir(): string {
  for (const rel of ['./', './proto/', '../proto/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${dir}/Flight.proto`)) return dir;
  }
  throw new Error('Flight.proto not found next to the spice-cloud build (reinstall or rebuild)');
}

let loaded: Promise<FlightProto> | undefined;

export function loadFlightProto(): Promise<FlightProto> {
  loaded ??= (async () => {
    // A namespace type has a `default` the CommonJS module object lacks; nothing reads it.
    const [grpc, loader] = [grpcJs() as typeof Grpc, protoLoader()];
    const def = loader.loadSync(`${protoDir()}/Flight.proto`, {
      keepCase: false,
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    const pkg = grpc.loadPackageDefinition(def) as unknown as {
      arrow: { flight: { protocol: { FlightService: Grpc.ServiceClientConstructor } } };
    };
    return { grpc, FlightService: pkg.arrow.flight.protocol.FlightService };
  })();
  return loaded;
}
