/**
 * One HTTP exchange over an injected `fetch`, with the failure vocabulary of the `Destination`
 * port: a request that never gets an answer (refused, DNS, TLS, reset, timeout) is
 * `ERR_DESTINATION_UNREACHABLE`; an answer is returned whole (body read inside the same time
 * budget) for the caller to judge. Messages name the destination by its credential-free
 * description only; credentials travel in headers, never in URLs, so no fetch error can echo them.
 *
 * @module
 */
import { CoreError } from '@tessera/core';

/** The `fetch` a destination uses: `globalThis.fetch` in Node 20 and browsers, or a test double. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

/** Default bound on one request, answer body included. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** What every request of one destination shares. */
export interface HttpClient {
  readonly fetch: FetchFunction;
  readonly timeoutMs: number;
  /** Credential-free description of the destination, for messages. */
  readonly description: string;
}

/** One request. `body` is sent as-is. */
export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
}

/** A complete answer. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Uint8Array;
}

/** Sends `request` and reads the whole answer, or throws `ERR_DESTINATION_UNREACHABLE`. */
export async function send(client: HttpClient, request: HttpRequest): Promise<HttpResponse> {
  // A plain timer, not `AbortSignal.timeout`: Node's fetch (undici) can leave a request pending
  // for good when the server drops the connection just after accepting it, and the timer of
  // `AbortSignal.timeout` does not keep a process alive — a CLI whose only pending work is that
  // request then exits mid-command with status 13 and no message. This timer keeps the process
  // waiting until the bound, and the abort turns the hang into ERR_DESTINATION_UNREACHABLE.
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort();
  }, client.timeoutMs);
  const signal = controller.signal;
  // Redirects are not followed: a redirected PUT or DELETE is not what the person configured,
  // and a cross-origin hop would drop (or worse, forward) the credentials.
  const init: RequestInit = { method: request.method, headers: request.headers, signal, redirect: 'manual' };
  if (request.body !== undefined) init.body = copyForFetch(request.body);
  try {
    // Called unbound: browsers throw "Illegal invocation" when fetch gets a foreign `this`.
    const fetchFunction = client.fetch;
    const response = await fetchFunction(request.url, init);
    const body = new Uint8Array(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, body };
  } catch (error) {
    throw unreachable(client, error, signal);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The error for an answer the caller did not expect: 401/403 → `ERR_DESTINATION_AUTH`,
 * anything else → `ERR_DESTINATION_FAILED` with the status (and the server's own error code
 * when it sent one, e.g. S3's `NoSuchBucket`).
 */
export function statusError(client: HttpClient, action: string, status: number, detail?: string): CoreError {
  const suffix = detail === undefined || detail === '' ? '' : ` (${detail})`;
  if (status === 401 || status === 403) {
    return new CoreError('ERR_DESTINATION_AUTH', `${client.description} refused the credentials while ${action}: HTTP ${status}${suffix}.`);
  }
  if (status >= 300 && status < 400) {
    return new CoreError(
      'ERR_DESTINATION_FAILED',
      `${client.description} redirected the request while ${action} (HTTP ${status}); configure the URL it redirects to.`,
    );
  }
  return new CoreError('ERR_DESTINATION_FAILED', `${client.description} failed while ${action}: HTTP ${status}${suffix}.`);
}

/** A copy backed by a plain `ArrayBuffer`, which `BodyInit` requires; the caller's buffer may change later. */
function copyForFetch(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

function unreachable(client: HttpClient, error: unknown, signal: AbortSignal): CoreError {
  const reason = signal.aborted ? `no answer within ${formatSeconds(client.timeoutMs)}` : networkReason(error);
  return new CoreError('ERR_DESTINATION_UNREACHABLE', `${client.description} is unreachable: ${reason}.`, { cause: error });
}

/** The system or undici error code (ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET, …) behind a fetch failure, when there is one. */
function networkReason(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^(?:E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    current = current.cause;
  }
  return 'network error';
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
