/**
 * Opening an encrypted Authenticator Pro / Stratum backup (formats.md §6.6). The first 16 bytes
 * say which of two layouts follows:
 *
 * - `AUTHENTICATORPRO`: `salt (16) ‖ iv (12) ‖ AES-256-GCM ct ‖ tag (16)`, key = Argon2id(password,
 *   salt, t = 3, m = 64 MiB, p = 4);
 * - `AuthenticatorPro` (legacy): `salt (20) ‖ iv (16) ‖ AES-256-CBC ct` with PKCS#7 padding,
 *   key = PBKDF2-HMAC-SHA1(password, salt, 64 000).
 *
 * The KDF parameters are the app's, not the file's. The legacy layout has no tag, so a wrong
 * password shows as bad padding or as plaintext that is not UTF-8; both are reported as
 * `ERR_IMPORT_PASSWORD_WRONG`, the only honest reading of an unauthenticated failure.
 *
 * @module
 */
import type { Fail } from '../../../internal/json.js';
import { parseImportJson } from '../../internal/json.js';
import type { ImportKdfs } from '../../types.js';
import { decryptAesCbc, GCM_TAG_BYTES, openAesGcm } from '../../../internal/cipher.js';
import { wrongPassword } from '../internal/errors.js';
import { argon2idKey, pbkdf2Key } from '../internal/kdf.js';

/** What names this format in messages. */
export const AUTHENTICATOR_PRO_NAME = 'Authenticator Pro backup';

/** The header of the current encrypted layout. */
export const STRONG_HEADER = 'AUTHENTICATORPRO';
/** The header of the legacy encrypted layout. */
export const LEGACY_HEADER = 'AuthenticatorPro';

/** Authenticator Pro's Argon2id parameters. */
export const AUTHENTICATOR_PRO_ARGON2: { readonly t: number; readonly m: number; readonly p: number } = Object.freeze({ t: 3, m: 64 * 1024, p: 4 });
/** Authenticator Pro's legacy PBKDF2-SHA1 iteration count. */
export const AUTHENTICATOR_PRO_LEGACY_ITERATIONS = 64_000;

const HEADER_BYTES = 16;

/** Which encrypted layout `bytes` is in, if any. */
export function encryptedLayout(bytes: Uint8Array): 'strong' | 'legacy' | undefined {
  const header = String.fromCharCode(...bytes.subarray(0, HEADER_BYTES));
  return header === STRONG_HEADER ? 'strong' : header === LEGACY_HEADER ? 'legacy' : undefined;
}

async function openStrong(body: Uint8Array, password: string, kdfs: ImportKdfs, fail: Fail): Promise<unknown> {
  if (body.length < 16 + 12 + GCM_TAG_BYTES) fail('it is too short for its header.');
  const key = await argon2idKey(kdfs, password, body.subarray(0, 16), AUTHENTICATOR_PRO_ARGON2, fail);
  const plaintext = openAesGcm(key, body.subarray(16, 28), body.subarray(28));
  if (plaintext === undefined) throw wrongPassword(AUTHENTICATOR_PRO_NAME);
  return parseImportJson(plaintext, fail);
}

async function openLegacy(body: Uint8Array, password: string, kdfs: ImportKdfs, fail: Fail): Promise<unknown> {
  const ciphertext = body.subarray(36);
  if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) fail('its ciphertext is not whole AES blocks.');
  const key = await pbkdf2Key(kdfs, 'SHA-1', password, body.subarray(0, 20), AUTHENTICATOR_PRO_LEGACY_ITERATIONS, fail);
  const plaintext = decryptAesCbc(key, body.subarray(20, 36), ciphertext);
  // Without a tag, valid padding is a 1-in-256 accident for a wrong key; random plaintext that
  // is also UTF-8 is not, so that is the check that decides.
  if (plaintext === undefined || !isUtf8(plaintext)) throw wrongPassword(AUTHENTICATOR_PRO_NAME);
  return parseImportJson(plaintext, fail);
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The decrypted backup document (parsed JSON) of an encrypted file in `layout`.
 *
 * @throws {CoreError} `ERR_IMPORT_PASSWORD_WRONG` when the password does not open it;
 *   `ERR_IMPORT_INVALID` (through `fail`) for a file too short for its layout or a decrypted
 *   document that is not JSON (strong layout).
 */
export function decryptAuthenticatorPro(bytes: Uint8Array, layout: 'strong' | 'legacy', password: string, kdfs: ImportKdfs, fail: Fail): Promise<unknown> {
  const body = bytes.subarray(HEADER_BYTES);
  return layout === 'strong' ? openStrong(body, password, kdfs, fail) : openLegacy(body, password, kdfs, fail);
}
