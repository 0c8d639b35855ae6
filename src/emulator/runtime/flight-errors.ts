/**
 * gRPC status errors of the emulated Flight service, and the HTTP-equivalent status the
 * request log records for each (the log speaks HTTP: 0 = connection dropped).
 */
import { status as Status, type ServiceError } from '@grpc/grpc-js';

export { Status };

/** A gRPC error with a code and a one-line message (never a key or a token). */
export class FlightStatusError extends Error {
  override readonly name = 'FlightStatusError';
  constructor(
    readonly code: Status,
    readonly details: string,
  ) {
    super(details);
  }

  /** The shape grpc-js sends as the call's status. */
  toServiceError(): Partial<ServiceError> {
    return { code: this.code, details: this.details, message: this.details };
  }
}

export const unauthenticated = (details: string): FlightStatusError => new FlightStatusError(Status.UNAUTHENTICATED, details);
export const invalidArgument = (details: string): FlightStatusError => new FlightStatusError(Status.INVALID_ARGUMENT, details);
export const notFound = (details: string): FlightStatusError => new FlightStatusError(Status.NOT_FOUND, details);
export const unimplemented = (details: string): FlightStatusError => new FlightStatusError(Status.UNIMPLEMENTED, details);
export const unavailable = (details: string): FlightStatusError => new FlightStatusError(Status.UNAVAILABLE, details);
export const internal = (details: string): FlightStatusError => new FlightStatusError(Status.INTERNAL, details);

const HTTP_OF: Partial<Record<Status, number>> = {
  [Status.OK]: 200,
  [Status.CANCELLED]: 499,
  [Status.INVALID_ARGUMENT]: 400,
  [Status.DEADLINE_EXCEEDED]: 504,
  [Status.NOT_FOUND]: 404,
  [Status.ALREADY_EXISTS]: 409,
  [Status.PERMISSION_DENIED]: 403,
  [Status.RESOURCE_EXHAUSTED]: 429,
  [Status.FAILED_PRECONDITION]: 400,
  [Status.UNIMPLEMENTED]: 501,
  [Status.UNAVAILABLE]: 503,
  [Status.UNAUTHENTICATED]: 401,
};

/** HTTP-equivalent of a gRPC code, for the request log. */
export const httpEquivalent = (code: Status): number => HTTP_OF[code] ?? 500;

/** gRPC code for a fault rule's HTTP status (`FLIGHT /DoGet=503` → UNAVAILABLE). */
export function grpcCodeForHttp(status: number): Status {
  switch (status) {
    case 400:
    case 422:
      return Status.INVALID_ARGUMENT;
    case 401:
      return Status.UNAUTHENTICATED;
    case 403:
      return Status.PERMISSION_DENIED;
    case 404:
      return Status.NOT_FOUND;
    case 409:
      return Status.ALREADY_EXISTS;
    case 429:
      return Status.RESOURCE_EXHAUSTED;
    case 501:
      return Status.UNIMPLEMENTED;
    case 504:
      return Status.DEADLINE_EXCEEDED;
    case 502:
    case 503:
      return Status.UNAVAILABLE;
    default:
      return status < 400 ? Status.OK : Status.INTERNAL;
  }
}
