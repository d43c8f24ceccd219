/**
 * Opening an encrypted andOTP backup (`otp_accounts.json.aes`; andOTP `BackupHelper.java`,
 * formats.md §6.3). Two layouts exist, neither marked:
 *
 * - new (andOTP ≥ 0.6.3): `int32 BE iterations ‖ salt (12) ‖ iv (12) ‖ AES-256-GCM ct ‖ tag`,
 *   key = PBKDF2-HMAC-SHA1(password, salt, iterations) — the count comes from the file, so it is
 *   bounded (1 to 10 000 000, as Aegis does) before anything is derived;
 * - old: `iv (12) ‖ ct ‖ tag`, key = SHA-256(password).
 *
 * The old layout costs one hash, so it is tried first; then the new. The GCM tag decides which
 * (if either) the password opens. A count out of range cannot belong to a new-format file, so
 * once the old layout has also failed the file is refused as out of range rather than as a wrong
 * password.
 *
 * @module
 */
import type { Fail } from '../../../internal/json.js';
import { sha256 } from '../../../internal/sha256.js';
import type { ImportKdfs } from '../../types.js';
import { GCM_TAG_BYTES, openAesGcm } from '../../../internal/cipher.js';
import { utf8 } from '../internal/codec.js';
import { wrongPassword } from '../internal/errors.js';
import { IMPORT_KDF_LIMITS, pbkdf2Key } from '../internal/kdf.js';

/** What names this format in messages. */
export const ANDOTP_NAME = 'andOTP backup';

const IV_BYTES = 12;
const SALT_BYTES = 12;
const NEW_HEADER_BYTES = 4 + SALT_BYTES + IV_BYTES;

function openOld(bytes: Uint8Array, password: string): Uint8Array | undefined {
  if (bytes.length < IV_BYTES + GCM_TAG_BYTES) return undefined;
  return openAesGcm(sha256(utf8(password)), bytes.subarray(0, IV_BYTES), bytes.subarray(IV_BYTES));
}

async function openNew(bytes: Uint8Array, password: string, kdfs: ImportKdfs, fail: Fail): Promise<Uint8Array | undefined> {
  if (bytes.length < NEW_HEADER_BYTES + GCM_TAG_BYTES) return undefined;
  const iterations = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
  if (iterations < 1 || iterations > IMPORT_KDF_LIMITS.pbkdf2MaxIterations) {
    fail(
      `its key derivation parameters are out of range (PBKDF2 iterations must be from 1 to ${IMPORT_KDF_LIMITS.pbkdf2MaxIterations}; ` +
        'the password does not open it as an old-format backup either).',
    );
  }
  const salt = bytes.subarray(4, 4 + SALT_BYTES);
  const key = await pbkdf2Key(kdfs, 'SHA-1', password, salt, iterations, fail);
  return openAesGcm(key, bytes.subarray(4 + SALT_BYTES, NEW_HEADER_BYTES), bytes.subarray(NEW_HEADER_BYTES));
}

/**
 * The plaintext (a JSON array of entries) of an encrypted andOTP backup, old or new layout.
 *
 * @throws {CoreError} `ERR_IMPORT_PASSWORD_WRONG` when neither layout opens with the password;
 *   `ERR_IMPORT_INVALID` (through `fail`) for a file too short to be either, or an iteration
 *   count out of range.
 */
export async function decryptAndOtp(bytes: Uint8Array, password: string, kdfs: ImportKdfs, fail: Fail): Promise<Uint8Array> {
  if (bytes.length < IV_BYTES + GCM_TAG_BYTES) fail('it is too short to be an encrypted backup.');
  const plaintext = openOld(bytes, password) ?? (await openNew(bytes, password, kdfs, fail));
  if (plaintext === undefined) throw wrongPassword(ANDOTP_NAME);
  return plaintext;
}
