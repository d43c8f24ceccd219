/**
 * Turns a refusal from the organisation server into a typed CLI error. The server answers
 * `{ error: { code, message, details? } }` with a status from its one status table; the CLI keeps
 * the server's code and message (for people and logs) and picks its own code by HTTP status, so
 * the exit code tells a script what kind of refusal it was without knowing every server code.
 * Server text is shown on a terminal, so control characters are stripped from it first.
 *
 * @module
 */
import { CliError, type CliErrorCode } from '../errors.js';

/** A request the server refused or failed; `serverCode` is the server's own `ERR_…` code, when it sent one. */
export class ServerRequestError extends CliError {
  override readonly name: string = 'ServerRequestError';
  /** The HTTP status of the answer. */
  readonly status: number;
  /** The server's error code (e.g. `ERR_USER_EXISTS`), when the body carried one. */
  readonly serverCode: string | undefined;

  constructor(code: CliErrorCode, message: string, status: number, serverCode: string | undefined) {
    super(code, message);
    this.status = status;
    this.serverCode = serverCode;
  }
}

const BY_STATUS: Readonly<Record<number, CliErrorCode>> = {
  400: 'ERR_SERVER_INVALID_REQUEST',
  401: 'ERR_SERVER_UNAUTHENTICATED',
  403: 'ERR_SERVER_FORBIDDEN',
  404: 'ERR_SERVER_NOT_FOUND',
  409: 'ERR_SERVER_CONFLICT',
  413: 'ERR_SERVER_INVALID_REQUEST',
  415: 'ERR_SERVER_INVALID_REQUEST',
  422: 'ERR_SERVER_INVALID_REQUEST',
  429: 'ERR_SERVER_THROTTLED',
};

const HINTS: Readonly<Record<string, string>> = {
  ERR_UNAUTHENTICATED: ' Sign in again with `tessera admin login`.',
  ERR_STEP_UP_REQUIRED: ' This action needs a recent sign-in: run `tessera admin login` and try again within 10 minutes.',
};

/**
 * Text from the server made safe for a terminal: no control characters (escape sequences could
 * rewrite the screen), bounded length.
 *
 * @example
 * ```ts
 * terminalSafe('bad\u001b[2Jthing'); // → 'bad[2Jthing'
 * ```
 */
export function terminalSafe(text: string, limit = 300): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return clean.length > limit ? `${clean.slice(0, limit)}…` : clean;
}

interface ErrorBody {
  readonly code: string | undefined;
  readonly message: string | undefined;
  readonly retryAfterSeconds: number | undefined;
}

function parseErrorBody(body: unknown): ErrorBody {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null) return { code: undefined, message: undefined, retryAfterSeconds: undefined };
  const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
  const retry = typeof details === 'object' && details !== null ? (details as { retryAfterSeconds?: unknown }).retryAfterSeconds : undefined;
  return {
    code: typeof code === 'string' && /^[A-Z0-9_]{1,64}$/.test(code) ? code : undefined,
    message: typeof message === 'string' ? terminalSafe(message) : undefined,
    retryAfterSeconds: typeof retry === 'number' && Number.isFinite(retry) && retry >= 0 ? Math.ceil(retry) : undefined,
  };
}

/**
 * The typed error for a non-2xx answer. `body` is the parsed JSON body, or `undefined` when the
 * answer was not JSON; `retryAfter` is the `Retry-After` header.
 *
 * @example
 * ```ts
 * const error = errorFromResponse(409, { error: { code: 'ERR_USER_EXISTS', message: 'a user with that email exists' } }, null);
 * error.code;       // 'ERR_SERVER_CONFLICT'
 * error.serverCode; // 'ERR_USER_EXISTS'
 * ```
 */
export function errorFromResponse(status: number, body: unknown, retryAfter: string | null): ServerRequestError {
  const parsed = parseErrorBody(body);
  const code = BY_STATUS[status] ?? 'ERR_SERVER_FAILED';
  const what = parsed.message ?? (status >= 500 ? 'the server failed' : status < 400 ? 'the server redirected the request (not followed)' : 'the server refused the request');
  const tag = parsed.code === undefined ? `HTTP ${status}` : `${parsed.code}, HTTP ${status}`;
  const retrySeconds = parsed.retryAfterSeconds ?? (retryAfter !== null && /^\d{1,6}$/.test(retryAfter) ? Number(retryAfter) : undefined);
  const retry = status === 429 && retrySeconds !== undefined ? ` Retry in ${retrySeconds} s.` : '';
  const hint = parsed.code === undefined ? '' : (HINTS[parsed.code] ?? '');
  return new ServerRequestError(code, `Server: ${what} (${tag}).${retry}${hint}`, status, parsed.code);
}

/** True when `value` is a {@link ServerRequestError}. */
export function isServerRequestError(value: unknown): value is ServerRequestError {
  return value instanceof ServerRequestError;
}
