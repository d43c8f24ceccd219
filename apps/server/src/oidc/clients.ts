/**
 * The OIDC clients: the built-in `tessera-cli` (a public client that signs in with the device
 * authorization grant, RFC 8628, and keeps a refresh token) plus the organisation's web apps,
 * listed in a JSON file named by the configuration. Web apps get the authorization code flow
 * only; PKCE with S256 is required of every client (see `provider.ts`).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import type { ServerConfig } from '../config/config.js';
import { ServerError } from '../errors.js';

/** The CLI's client id. */
export const CLI_CLIENT_ID = 'tessera-cli';

/** Client metadata in oidc-provider's (RFC 7591) shape. */
export type ClientMetadata = Readonly<Record<string, unknown>> & { readonly client_id: string };

const CLI_CLIENT: ClientMetadata = {
  client_id: CLI_CLIENT_ID,
  client_name: 'Tessera command line',
  token_endpoint_auth_method: 'none',
  grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
  response_types: [],
  redirect_uris: [],
};

const ALLOWED_KEYS = new Set(['client_id', 'client_secret', 'client_name', 'redirect_uris', 'post_logout_redirect_uris', 'token_endpoint_auth_method', 'grant_types']);

function invalid(why: string): ServerError {
  return new ServerError('ERR_CONFIG_INVALID', `OIDC clients file: ${why}`);
}

/** Checks one entry of the clients file and fills in the defaults for a web app. */
export function parseClient(entry: unknown): ClientMetadata {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw invalid('each client must be an object');
  const record = entry as Record<string, unknown>;
  for (const key of Object.keys(record)) if (!ALLOWED_KEYS.has(key)) throw invalid(`unknown field "${key}"`);
  const id = record['client_id'];
  if (typeof id !== 'string' || !/^[A-Za-z0-9._-]{1,100}$/.test(id)) throw invalid('client_id must be 1–100 letters, digits, ".", "_" or "-"');
  if (id === CLI_CLIENT_ID) throw invalid(`"${CLI_CLIENT_ID}" is built in`);
  const uris = record['redirect_uris'];
  if (!Array.isArray(uris) || uris.length === 0 || !uris.every((u) => typeof u === 'string')) throw invalid(`${id}: redirect_uris must be a non-empty list of URLs`);
  const secret = record['client_secret'];
  return {
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: typeof secret === 'string' ? 'client_secret_basic' : 'none',
    ...record,
    client_id: id,
  };
}

/** Every client: the CLI plus those in `config.oidcClientsFile`. */
export function loadClients(config: Pick<ServerConfig, 'oidcClientsFile'>): ClientMetadata[] {
  if (config.oidcClientsFile === undefined) return [CLI_CLIENT];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(config.oidcClientsFile, 'utf8'));
  } catch (cause) {
    throw new ServerError('ERR_CONFIG_INVALID', `OIDC clients file ${config.oidcClientsFile} could not be read as JSON`, { cause });
  }
  if (!Array.isArray(parsed)) throw invalid('expected a JSON array of clients');
  const clients = parsed.map(parseClient);
  const ids = new Set(clients.map((c) => c.client_id));
  if (ids.size !== clients.length) throw invalid('client ids must be unique');
  return [CLI_CLIENT, ...clients];
}

// Read once per configuration: the provider (at start) and the push's app name (per push) share it.
const loaded = new WeakMap<object, readonly ClientMetadata[]>();

/** {@link loadClients}, read once per configuration object. */
export function configuredClients(config: Pick<ServerConfig, 'oidcClientsFile'>): readonly ClientMetadata[] {
  let clients = loaded.get(config);
  if (clients === undefined) {
    clients = loadClients(config);
    loaded.set(config, clients);
  }
  return clients;
}
