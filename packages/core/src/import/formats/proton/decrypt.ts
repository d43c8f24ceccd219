/**
 * Opening a password-protected Proton Authenticator export (proton-pass-common
 * `password_exporter.rs`, `crypto.rs`; formats.md §6.7): `{version: 1, salt, content}`, where
 * `content` is base64 of `nonce (12) ‖ AES-256-GCM ciphertext ‖ tag (16)` with the additional
 * data `proton.authenticator.export.v1`, under Argon2id v1.3 (m = 19 MiB, t = 2, p = 1) of the
 * password. The parameters are Proton's, not the file's, so there is nothing to bound.
 *
 * @module
 */
import type { Fail } from '../../../internal/json.js';
import { decodeBase64 } from '../../../encoding/base64.js';
import type { JsonFields } from '../../internal/json.js';
import type { ImportKdfs } from '../../types.js';
import { GCM_TAG_BYTES, openAesGcm } from '../../../internal/cipher.js';
import { utf8 } from '../internal/codec.js';
import { wrongPassword } from '../internal/errors.js';
import { argon2idKey } from '../internal/kdf.js';

/** What names this format in messages. */
export const PROTON_NAME = 'Proton Authenticator export';

/** Proton's Argon2id parameters (`derive_password_key`): 19 MiB, 2 passes, 1 lane. */
export const PROTON_ARGON2: { readonly m: number; readonly t: number; readonly p: number } = Object.freeze({ m: 19 * 1024, t: 2, p: 1 });

/** The additional authenticated data of an export (`EncryptionTag::PasswordExport`). */
export const PROTON_EXPORT_AAD = 'proton.authenticator.export.v1';

const NONCE_BYTES = 12;

/**
 * The plaintext (the plain export's JSON) of a password-protected export.
 *
 * @throws {CoreError} `ERR_IMPORT_PASSWORD_WRONG` when the tag does not verify;
 *   `ERR_IMPORT_INVALID` (through `fail`) for a malformed salt or content.
 */
export async function decryptProton(file: JsonFields, password: string, kdfs: ImportKdfs, fail: Fail): Promise<Uint8Array> {
  const salt = decodeBase64(file.string('salt'), 'salt', fail);
  if (salt.length < 8 || salt.length > 64) fail('salt must be 8 to 64 bytes.');
  const content = decodeBase64(file.string('content'), 'content', fail);
  if (content.length < NONCE_BYTES + GCM_TAG_BYTES) fail('content is too short to hold a nonce and a tag.');
  const key = await argon2idKey(kdfs, password, salt, PROTON_ARGON2, fail);
  const plaintext = openAesGcm(key, content.subarray(0, NONCE_BYTES), content.subarray(NONCE_BYTES), utf8(PROTON_EXPORT_AAD));
  if (plaintext === undefined) throw wrongPassword(PROTON_NAME);
  return plaintext;
}
