/**
 * Which server `tessera admin` talks to and with which token. Automation passes both
 * (`--server`/`TESSERA_ADMIN_SERVER`, `--token`/`TESSERA_ADMIN_TOKEN`); people use the sign-in
 * stored by `tessera admin login`, refreshed with its refresh token shortly before the access
 * token expires or when the server says it is no longer valid. A stored sign-in is only ever sent
 * to the server it was issued by, whatever `--server` says.
 *
 * @module
 */
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { resolveConfigDir } from './config-dir.js';
import { credentialsPath, readSignIn, writeSignIn, type StoredSignIn } from './credentials.js';
import { discover, refreshTokens } from './oidc.js';
import { parseServerUrl } from './server-url.js';

/** `--server` and `--token` as given on the command line. */
export interface ConnectionFlags {
  readonly server?: string;
  readonly token?: string;
}

/** An authenticated line to one server. */
export interface AdminConnection {
  /** Base URL without a trailing slash. */
  readonly server: string;
  /** A current access token (refreshed first when it is about to expire). */
  accessToken(): Promise<string>;
  /** Refreshes after the server rejected the token; false when that is not possible. */
  renew(): Promise<boolean>;
}

/** Refresh this long before expiry, so a token does not die between check and use. */
const EXPIRY_MARGIN_MS = 60_000;

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** The sign-in file for this invocation's environment. */
export function signInPath(io: CliIo): string {
  return resolve(io.cwd, credentialsPath(resolveConfigDir({ env: io.env, platform: process.platform, homedir: homedir() })));
}

/** The server named by `--server` or `TESSERA_ADMIN_SERVER`, normalised, if any. */
export function serverFromFlags(io: CliIo, flags: ConnectionFlags): string | undefined {
  const raw = nonEmpty(flags.server) ?? nonEmpty(io.env['TESSERA_ADMIN_SERVER']);
  return raw === undefined ? undefined : parseServerUrl(raw);
}

function fixedToken(server: string, token: string): AdminConnection {
  return { server, accessToken: () => Promise.resolve(token), renew: () => Promise.resolve(false) };
}

function storedConnection(io: CliIo, path: string, initial: StoredSignIn): AdminConnection {
  let current = initial;
  const refresh = async (): Promise<void> => {
    if (current.refreshToken === undefined) {
      throw new CliError('ERR_ADMIN_SIGN_IN_REQUIRED', 'Your admin sign-in has expired; run `tessera admin login`.');
    }
    const tokens = await refreshTokens(await discover(current.server), current.refreshToken, io.now());
    current = { server: current.server, ...tokens };
    await writeSignIn(path, current);
  };
  return {
    server: current.server,
    accessToken: async () => {
      if (current.expiresAt - EXPIRY_MARGIN_MS <= io.now()) await refresh();
      return current.accessToken;
    },
    renew: async () => {
      if (current.refreshToken === undefined) return false;
      await refresh();
      return true;
    },
  };
}

/**
 * Opens the connection for a command: a token from the flags or environment, else the stored
 * sign-in. `ERR_ADMIN_SIGN_IN_REQUIRED` when there is none (or it belongs to another server),
 * `ERR_ADMIN_SERVER_INVALID` when a token comes without a server.
 */
export async function openConnection(io: CliIo, flags: ConnectionFlags): Promise<AdminConnection> {
  const server = serverFromFlags(io, flags);
  const token = nonEmpty(flags.token) ?? nonEmpty(io.env['TESSERA_ADMIN_TOKEN']);
  const path = signInPath(io);
  if (token !== undefined) {
    const target = server ?? (await readSignIn(path))?.server;
    if (target === undefined) throw new CliError('ERR_ADMIN_SERVER_INVALID', 'A token needs a server: pass --server URL or set TESSERA_ADMIN_SERVER.');
    return fixedToken(target, token);
  }
  const stored = await readSignIn(path);
  if (stored === undefined) {
    throw new CliError('ERR_ADMIN_SIGN_IN_REQUIRED', 'Not signed in to a tessera-server; run `tessera admin login --server URL` (or pass --token).');
  }
  if (server !== undefined && server !== stored.server) {
    throw new CliError('ERR_ADMIN_SIGN_IN_REQUIRED', `You are signed in to ${stored.server}, not ${server}; run \`tessera admin login --server ${server}\`.`);
  }
  return storedConnection(io, path, stored);
}
