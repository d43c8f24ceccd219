/**
 * `importAndOtp`: andOTP backups — plain (`otp_accounts.json`, a JSON array) or encrypted
 * (`otp_accounts.json.aes`, binary, old or new layout; see `decrypt.ts`). A file is plain when
 * it is UTF-8 text opening with `[`; anything else is taken as encrypted.
 *
 * @module
 */
import { invalidFile } from '../../internal/fail.js';
import { parseImportJson } from '../../internal/json.js';
import { checkImportSize } from '../../internal/limits.js';
import type { ImportInput, ParsedImport } from '../../types.js';
import { requirePassword } from '../internal/errors.js';
import { kdfsOf } from '../internal/kdf.js';
import { ANDOTP_NAME, decryptAndOtp } from './decrypt.js';
import { readAndOtpEntries } from './entries.js';

const fail = invalidFile(ANDOTP_NAME);

function isPlainJson(bytes: Uint8Array): boolean {
  const start = bytes.findIndex((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
  if (start < 0 || bytes[start] !== 0x5b) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    // Random ciphertext that happens to start with "[" is not valid UTF-8 (beyond a few bytes).
    return false;
  }
}

/**
 * Reads an andOTP backup, every entry in order as an account or a failure with its reason.
 *
 * @example
 * ```ts
 * const parsed = await importAndOtp({ bytes: await readFile('otp_accounts.json.aes'), password: 'secret' });
 * ```
 * @throws {CoreError} `ERR_IMPORT_PASSWORD_REQUIRED` for an encrypted backup without a password;
 *   `ERR_IMPORT_PASSWORD_WRONG` when it opens in neither layout; `ERR_IMPORT_TOO_LARGE` over
 *   64 MiB; `ERR_IMPORT_INVALID` for anything else unreadable, including an iteration count
 *   above 10 000 000 (refused before any derivation).
 */
export async function importAndOtp(input: ImportInput): Promise<ParsedImport> {
  checkImportSize(input.bytes);
  let json = input.bytes;
  if (!isPlainJson(input.bytes)) {
    const password = requirePassword(input.password, ANDOTP_NAME);
    json = await decryptAndOtp(input.bytes, password, kdfsOf(input.kdfs), fail);
  }
  const { entries, warnings } = readAndOtpEntries(parseImportJson(json, fail), fail);
  return { format: 'andotp', entries, warnings };
}
