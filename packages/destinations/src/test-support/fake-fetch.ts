/**
 * A scripted `fetch` for protocol edge cases that the real test servers never produce (a 412,
 * another server's XML dialect, a truncated listing without a token). It records every request.
 *
 * @module
 */
import type { FetchFunction } from '../internal/http.js';

/** A request as the fake saw it (header names lower-cased). */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array | undefined;
  readonly redirect: RequestRedirect | undefined;
  readonly hasSignal: boolean;
}

/** What the script answers. */
export interface ScriptedResponse {
  readonly status: number;
  readonly body?: string | Uint8Array;
}

/** A fake `fetch` answering with `script` and the list of requests it received. */
export function scriptedFetch(script: (request: RecordedRequest) => ScriptedResponse): { fetch: FetchFunction; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetch: FetchFunction = (url, init) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries((init.headers ?? {}) as Record<string, string>)) headers[name.toLowerCase()] = value;
    const body = init.body instanceof Uint8Array ? init.body : undefined;
    const request: RecordedRequest = { method: init.method ?? 'GET', url, headers, body, redirect: init.redirect, hasSignal: init.signal instanceof AbortSignal };
    requests.push(request);
    const answer = script(request);
    const bytes = typeof answer.body === 'string' ? new TextEncoder().encode(answer.body) : new Uint8Array(answer.body ?? []);
    return Promise.resolve(new Response(answer.status === 204 || answer.status === 304 ? null : bytes, { status: answer.status }));
  };
  return { fetch, requests };
}
