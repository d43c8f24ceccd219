/**
 * The stored admin sign-in: server, access token, refresh token and expiry, in one JSON file
 * in the CLI's config folder. The tokens are bearer credentials for a tenant's admin API, so the
 * file is created 0600 in a 0700 folder and replaced atomically (a crash leaves the old sign-in
 * or the new one, never half a token). The vault's device key is deliberately not used to seal
 * it: admin work must not depend on having a vault on this machine, and the tokens are
 * short-lived and revocable (`tessera admin logout`).
 *
 * @module
 */
import { mkdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CliError } from '../errors.js';
import { isErrnoException, nodeAtomicWriteFs, readFileIfExists, syncDirectory, writeFileAtomic } from '../store/atomic-write.js';

/** A sign-in as stored on disk; `expiresAt` (epoch ms) is the access token's expiry. */
export interface StoredSignIn {
  readonly server: string;
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  readonly expiresAt: number;
}

/** Name of the file in the config folder. */
export const CREDENTIALS_FILE = 'admin-credentials.json';

/** Where the sign-in lives inside `configDir`. */
export function credentialsPath(configDir: string): string {
  return join(configDir, CREDENTIALS_FILE);
}

function damaged(path: string): CliError {
  return new CliError('ERR_ADMIN_CREDENTIALS_INVALID', `${path} is damaged; run \`tessera admin login\` again.`);
}

function parse(path: string, bytes: Uint8Array): StoredSignIn {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw damaged(path);
  }
  const fields = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const { version, server, accessToken, refreshToken, expiresAt } = fields;
  const valid = version === 1 && typeof server === 'string' && typeof accessToken === 'string' && accessToken !== ''
    && (refreshToken === undefined || (typeof refreshToken === 'string' && refreshToken !== ''))
    && typeof expiresAt === 'number' && Number.isFinite(expiresAt);
  if (!valid) throw damaged(path);
  return { server, accessToken, refreshToken, expiresAt };
}

/** The stored sign-in, or `undefined` when there is none; a damaged file is `ERR_ADMIN_CREDENTIALS_INVALID`. */
export async function readSignIn(path: string): Promise<StoredSignIn | undefined> {
  const bytes = await readFileIfExists(path);
  return bytes === undefined ? undefined : parse(path, bytes);
}

/** Stores `signIn` atomically as a 0600 file, creating the config folder (0700) when needed. */
export async function writeSignIn(path: string, signIn: StoredSignIn): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const document = { version: 1, server: signIn.server, accessToken: signIn.accessToken, refreshToken: signIn.refreshToken, expiresAt: signIn.expiresAt };
  await writeFileAtomic(path, new TextEncoder().encode(`${JSON.stringify(document, null, 2)}\n`), { mode: 0o600 });
}

/** Deletes the stored sign-in durably; false when there was none. */
export async function deleteSignIn(path: string): Promise<boolean> {
  try {
    await unlink(path);
  } catch (error) {
    if (isErrnoException(error, 'ENOENT')) return false;
    throw error;
  }
  await syncDirectory(nodeAtomicWriteFs, dirname(path));
  return true;
}
