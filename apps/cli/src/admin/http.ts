/**
 * The one place `tessera admin` talks HTTP. Redirects are not followed (a bearer token must not
 * be replayed to wherever a redirect points), every call has a timeout, network failures become
 * `ERR_SERVER_UNREACHABLE` and non-2xx answers become {@link ServerRequestError}s. Tokens go in
 * headers or form bodies only, never in URLs, so they never reach an access log.
 *
 * @module
 */
import { CliError } from '../errors.js';
import { errorFromResponse } from './server-error.js';

/** One request. `json` and `form` are mutually exclusive bodies. */
export interface HttpRequest {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly bearer?: string;
  readonly json?: unknown;
  readonly form?: Readonly<Record<string, string>>;
  /**
   * Overall timeout; default 30 s. `0` for none (streamed exports). Whatever it is, the answer's
   * headers must come within it, or within 30 s when it is `0` or a `signal` is given.
   */
  readonly timeoutMs?: number;
  /** Ends the request (and a streamed body) when the caller stops listening; bounds the body instead of the timeout. */
  readonly signal?: AbortSignal;
  /** The `Accept` header; default `application/json`. */
  readonly accept?: string;
}

/** The longest wait for an answer's headers, when the request has no shorter timeout. */
const HEADERS_TIMEOUT_MS = 30_000;

function bodyOf(request: HttpRequest): { body?: string; contentType?: string } {
  if (request.form !== undefined) return { body: new URLSearchParams(request.form).toString(), contentType: 'application/x-www-form-urlencoded' };
  if (request.json !== undefined) return { body: JSON.stringify(request.json), contentType: 'application/json' };
  return {};
}

function describeFailure(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof Error && cause.name === 'TimeoutError') return 'no answer in time';
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : cause instanceof Error ? cause.message : 'network error';
}

/**
 * Sends `request` and returns the response whatever its status (OAuth endpoints answer errors
 * in their own shape); only network failures throw.
 */
export async function exchange(request: HttpRequest): Promise<Response> {
  const { body, contentType } = bodyOf(request);
  const headerFields: Record<string, string> = { accept: request.accept ?? 'application/json' };
  if (contentType !== undefined) headerFields['content-type'] = contentType;
  if (request.bearer !== undefined) headerFields['authorization'] = `Bearer ${request.bearer}`;
  const timeoutMs = request.timeoutMs ?? 30_000;
  // Every request must get its answer's headers within a bound, on a timer that holds the
  // process open: Node's fetch can leave a request pending for good when the server drops the
  // connection just after accepting it, and the timer of `AbortSignal.timeout` does not keep a
  // process alive — with nothing else to do, `tessera` (or `approve`'s listener) would end
  // mid-command with status 13 and no message. The body is then the caller's signal's or the
  // overall timeout's to bound (an export or an event stream may take as long as it needs).
  const headersDue = new AbortController();
  const headersTimer = setTimeout(() => {
    headersDue.abort(new DOMException('no answer in time', 'TimeoutError'));
  }, timeoutMs > 0 ? Math.min(timeoutMs, HEADERS_TIMEOUT_MS) : HEADERS_TIMEOUT_MS);
  const overall = request.signal ?? (timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined);
  try {
    return await fetch(request.url, {
      method: request.method ?? (body === undefined ? 'GET' : 'POST'),
      headers: headerFields,
      ...(body === undefined ? {} : { body }),
      redirect: 'manual',
      signal: overall === undefined ? headersDue.signal : AbortSignal.any([headersDue.signal, overall]),
    });
  } catch (error) {
    throw new CliError('ERR_SERVER_UNREACHABLE', `Cannot reach ${new URL(request.url).origin}: ${describeFailure(error)}.`, { cause: error });
  } finally {
    clearTimeout(headersTimer);
  }
}

/**
 * Sends `request` and returns the response when its status is 2xx; otherwise throws the typed
 * error for it. The caller reads the body.
 */
export async function send(request: HttpRequest): Promise<Response> {
  const response = await exchange(request);
  if (response.ok) return response;
  const parsed: unknown = await response.json().catch(() => undefined);
  throw errorFromResponse(response.status, parsed, response.headers.get('retry-after'));
}

/** The JSON body of `response` (`undefined` when empty); a body that is not JSON is `ERR_SERVER_FAILED`. */
export async function readJson(response: Response): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    // The connection broke (or the timeout ran out) while the body was arriving: undici says
    // `TypeError: terminated`, which is no more use to a script than an exit without a code.
    throw new CliError('ERR_SERVER_UNREACHABLE', `The connection to ${new URL(response.url).origin} broke while its answer arrived: ${describeFailure(error)}.`, { cause: error });
  }
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CliError('ERR_SERVER_FAILED', `The server at ${new URL(response.url).origin} answered something that is not JSON.`);
  }
}

/** Sends `request` and returns its JSON body (`undefined` for an empty answer). */
export async function sendJson(request: HttpRequest): Promise<unknown> {
  return readJson(await send(request));
}
