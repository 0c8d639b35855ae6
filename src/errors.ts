/**
 * The CLI's error taxonomy and its exit-code contract.
 *
 * Every failure a command can meet is one of these classes. `main.ts` is the only
 * place that prints them and turns them into a process exit code; commands and the
 * API layer only throw. Messages are single lines and never carry a secret: the API
 * layer redacts before constructing, and user input is quoted, not interpolated raw.
 */

export const ExitCode = {
  ok: 0,
  error: 1,
  usage: 2,
  notFound: 3,
  auth: 4,
  conflict: 5,
  deploymentFailed: 6,
  timeout: 7,
  rateLimited: 8,
  inputRequired: 9,
  declined: 10,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Rows of the exit-code table, shown by `help exit-codes` and in the README. */
export const EXIT_CODE_TABLE: ReadonlyArray<readonly [number, string]> = [
  [0, 'success'],
  [1, 'API, network or unexpected error'],
  [2, 'usage error or invalid input (nothing was sent)'],
  [3, 'not found'],
  [4, 'authentication or authorization failed'],
  [5, 'conflict (name taken, deployment already queued)'],
  [6, 'deployment failed'],
  [7, 'timed out'],
  [8, 'rate-limited after retries'],
  [9, 'input needed but the session is not interactive'],
  [10, 'declined at a confirmation prompt (nothing was changed)'],
  [130, 'interrupted (Ctrl-C)'],
];

export interface ErrorInfo {
  /** HTTP status when the error came from the API. */
  status?: number | undefined;
  /** Machine-readable code (the API's `code`, or one of ours). */
  code?: string | undefined;
  /** What to try next; printed on its own line. */
  hint?: string | undefined;
}

/** Base class: a user-facing error with a documented exit code. */
export class CliError extends Error {
  readonly exitCode: number;
  readonly status: number | undefined;
  readonly code: string | undefined;
  hint: string | undefined;
  /** The HTTP answer behind an API error, when there was one (`api -i` prints its headers). */
  response?: { status: number; statusText?: string | undefined; headers: { get(name: string): string | null; entries?(): Iterable<[string, string]> } };

  constructor(message: string, exitCode: number, info: ErrorInfo = {}) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.status = info.status;
    this.code = info.code;
    this.hint = info.hint;
  }
}

/** Bad flags, arguments or input files. Raised before any request is sent. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, { code: 'usage', hint });
  }
}

/** A prompt would be needed but stdin/stdout are not terminals (or --no-input). */
export class InputRequiredError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.inputRequired, { code: 'input_required', hint });
  }
}

export class NotFoundError extends CliError {
  constructor(message: string, info: ErrorInfo = {}) {
    super(message, ExitCode.notFound, { code: 'not_found', ...info });
  }
}

export class AuthError extends CliError {
  constructor(message: string, info: ErrorInfo = {}) {
    super(message, ExitCode.auth, { code: 'unauthorized', ...info });
  }
}

export class ConflictError extends CliError {
  constructor(message: string, info: ErrorInfo = {}) {
    super(message, ExitCode.conflict, { code: 'conflict', ...info });
  }
}

export class RateLimitError extends CliError {
  constructor(message: string, info: ErrorInfo = {}) {
    super(message, ExitCode.rateLimited, { code: 'rate_limited', ...info });
  }
}

export class TimeoutError extends CliError {
  constructor(message: string, info: ErrorInfo = {}) {
    super(message, ExitCode.timeout, { code: 'timeout', ...info });
  }
}

export class DeploymentFailedError extends CliError {
  constructor(message: string, info: ErrorInfo = {}) {
    super(message, ExitCode.deploymentFailed, { code: 'deployment_failed', ...info });
  }
}

/**
 * "No" at a confirmation: not a failure of anything, so its own exit code (10), and
 * printed as the plain line `Nothing was changed.` (main.ts), not as an error.
 */
export class DeclinedError extends CliError {
  constructor(message = 'Nothing was changed.') {
    super(message, ExitCode.declined, { code: 'declined' });
  }
}

export class InterruptedError extends CliError {
  constructor(message = 'interrupted') {
    super(message, ExitCode.interrupted, { code: 'interrupted' });
  }
}

/** Any other API answer (400, 422, 5xx after retries) or an unreadable response. */
export class ApiError extends CliError {
  constructor(message: string, info: ErrorInfo = {}) {
    super(message, ExitCode.error, { code: 'api_error', ...info });
  }
}

/** The network failed (DNS, refused, reset) after the retry budget. */
export class NetworkError extends CliError {
  constructor(message: string, info: ErrorInfo = {}) {
    super(message, ExitCode.error, { code: 'network_error', ...info });
  }
}

/** Local problems: an unreadable config file, a link file that is not JSON. */
export class ConfigError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.error, { code: 'config_error', hint });
  }
}

/** Signals a command finished with a non-zero exit code it already explained. */
export class SilentExit extends CliError {
  constructor(exitCode: number) {
    super('', exitCode, { code: 'silent' });
  }
}

export function isCliError(e: unknown): e is CliError {
  return e instanceof CliError;
}
