/**
 * Opening an encrypted 2FAS backup (2fas-android `BackupCipherImpl`, formats.md §5.2): each
 * encrypted field is `base64(ciphertext ‖ tag):base64(salt):base64(iv)`, sealed with AES-256-GCM
 * under PBKDF2-HMAC-SHA256(password, salt, 10 000 iterations). The iteration count is fixed by
 * the app, not read from the file. `reference` holds a known constant, so the password is
 * checked against it before the services are touched: a wrong password is
 * `ERR_IMPORT_PASSWORD_WRONG`, and a services field that then fails is a damaged file.
 *
 * @module
 */
import type { Fail } from '../../../internal/json.js';
import { decodeBase64 } from '../../../encoding/base64.js';
import type { JsonFields } from '../../internal/json.js';
import type { ImportKdfs } from '../../types.js';
import { GCM_TAG_BYTES, openAesGcm } from '../../../internal/cipher.js';
import { wrongPassword } from '../internal/errors.js';
import { pbkdf2Key } from '../internal/kdf.js';

/** What names this format in messages. */
export const TWOFAS_NAME = '2FAS backup';

/** The 2FAS app's PBKDF2-HMAC-SHA256 iteration count (`BackupKeyGeneratorPbkdf`). */
export const TWOFAS_PBKDF2_ITERATIONS = 10_000;

/** The plaintext of `reference` in every encrypted 2FAS backup (`BackupContent.Reference`). */
export const TWOFAS_REFERENCE =
  'tRViSsLKzd86Hprh4ceC2OP7xazn4rrt4xhfEUbOjxLX8Rc3mkISXE0lWbmnWfggogbBJhtYgpK6fMl1D6mtsy92R3HkdGfwuXbzLebqVFJsR7IZ2w58t938iymwG4824igYy1wi6n2WDpO1Q1P69zwJGs2F5a1qP4MyIiDSD7NCV2OvidXQCBnDlGfmz0f1BQySRkkt4ryiJeCjD2o4QsveJ9uDBUn8ELyOrESv5R5DMDkD4iAF8TXU7KyoJujd';

interface Sealed {
  readonly sealed: Uint8Array;
  readonly salt: Uint8Array;
  readonly iv: Uint8Array;
}

function sealedField(text: string, what: string, fail: Fail): Sealed {
  const parts = text.split(':');
  if (parts.length !== 3) fail(`${what} must be three base64 fields separated by ":".`);
  const [sealed, salt, iv] = parts.map((part, i) => decodeBase64(part, `${what} part ${i + 1}`, fail)) as [Uint8Array, Uint8Array, Uint8Array];
  if (sealed.length < GCM_TAG_BYTES) fail(`${what} is too short to hold an AES-GCM tag.`);
  if (salt.length === 0 || salt.length > 1024) fail(`${what} must have a salt of 1 to 1024 bytes.`);
  if (iv.length !== 12) fail(`${what} must have a 12-byte IV.`);
  return { sealed, salt, iv };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The plaintext of `servicesEncrypted` (a JSON array of services).
 *
 * @throws {CoreError} `ERR_IMPORT_PASSWORD_WRONG` when the password does not open `reference`
 *   (or, in a file without one, the services); `ERR_IMPORT_INVALID` through `fail` otherwise.
 */
export async function decryptTwoFasServices(file: JsonFields, password: string, kdfs: ImportKdfs, fail: Fail): Promise<Uint8Array> {
  const services = sealedField(file.string('servicesEncrypted'), 'servicesEncrypted', fail);
  const referenceText = file.optionalString('reference');
  const reference = referenceText === undefined || referenceText.trim() === '' ? undefined : sealedField(referenceText, 'reference', fail);
  const derive = (salt: Uint8Array): Promise<Uint8Array> => pbkdf2Key(kdfs, 'SHA-256', password, salt, TWOFAS_PBKDF2_ITERATIONS, fail);
  let key: Uint8Array | undefined;
  if (reference !== undefined) {
    key = await derive(reference.salt);
    const opened = openAesGcm(key, reference.iv, reference.sealed);
    if (opened === undefined || new TextDecoder().decode(opened) !== TWOFAS_REFERENCE) throw wrongPassword(TWOFAS_NAME);
    // 2FAS uses one salt for both fields; a file with two still opens, at the cost of a second derivation.
    if (!sameBytes(reference.salt, services.salt)) key = undefined;
  }
  key ??= await derive(services.salt);
  const plaintext = openAesGcm(key, services.iv, services.sealed);
  if (plaintext !== undefined) return plaintext;
  if (reference === undefined) throw wrongPassword(TWOFAS_NAME);
  return fail('the password is right but the services do not decrypt (the file is damaged).');
}
