/**
 * Authenticated requests to the admin API (`/api/admin/…`). Every call carries the current
 * access token; when the server answers that the token is not (or no longer) valid, the
 * connection refreshes once and the call is repeated, so an admin is only sent back to
 * `tessera admin login` when the sign-in itself has ended.
 *
 * @module
 */
import type { AdminConnection } from './connection.js';
import { send, readJson, type HttpRequest } from './http.js';
import { isServerRequestError } from './server-error.js';

/** Query parameters; `undefined` values are left out. */
export type Query = Readonly<Record<string, string | number | undefined>>;

/** Options of one admin API call. */
export interface CallOptions {
  readonly json?: unknown;
  readonly query?: Query;
  /** See {@link HttpRequest.timeoutMs}. */
  readonly timeoutMs?: number;
}

const RENEWABLE = new Set(['ERR_UNAUTHENTICATED']);

function withQuery(url: string, query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text === '' ? url : `${url}?${text}`;
}

/** Calls the admin API of one server through one {@link AdminConnection}. */
export class AdminClient {
  /** The connection this client uses. */
  readonly connection: AdminConnection;

  constructor(connection: AdminConnection) {
    this.connection = connection;
  }

  /** Sends one request and returns the raw 2xx response (for streamed exports). */
  async response(method: NonNullable<HttpRequest['method']>, path: string, options: CallOptions = {}): Promise<Response> {
    const attempt = async (): Promise<Response> => send({
      method,
      url: withQuery(`${this.connection.server}${path}`, options.query),
      bearer: await this.connection.accessToken(),
      ...(options.json === undefined ? {} : { json: options.json }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    try {
      return await attempt();
    } catch (error) {
      const renewable = isServerRequestError(error) && error.status === 401 && RENEWABLE.has(error.serverCode ?? '');
      if (!renewable || !(await this.connection.renew())) throw error;
      return attempt();
    }
  }

  /** Sends one request and returns its JSON body (`undefined` when empty). */
  async call(method: NonNullable<HttpRequest['method']>, path: string, options: CallOptions = {}): Promise<unknown> {
    return readJson(await this.response(method, path, options));
  }
}
