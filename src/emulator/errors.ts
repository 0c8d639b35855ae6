/**
 * Error types. `ApiError` is thrown by handlers and turned into the API's error body
 * `{error, code?, details?: {fieldErrors, formErrors}}` by the server.
 */

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly fieldErrors?: FieldErrors,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): Record<string, unknown> {
    const body: Record<string, unknown> = { error: this.message };
    if (this.code !== undefined) body['code'] = this.code;
    if (this.fieldErrors !== undefined) body['details'] = { fieldErrors: this.fieldErrors, formErrors: [] };
    return body;
  }
}

/** 400 with zod-style `details.fieldErrors` (the API validates bodies with zod). */
export function validationError(fieldErrors: FieldErrors, message = 'Invalid request body'): ApiError {
  return new ApiError(400, message, undefined, fieldErrors);
}

export const notFound = (message: string): ApiError => new ApiError(404, message);

/** Thrown by startEmulator when the state file exists but cannot be used. One line. */
export class EmulatorStateError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`state file ${file} is not valid emulator state: ${reason.replace(/\s+/g, ' ').trim()}`);
    this.name = 'EmulatorStateError';
  }
}
