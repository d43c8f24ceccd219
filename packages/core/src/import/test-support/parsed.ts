/**
 * Parsed exports built by hand, for testing the import framework apart from any format.
 *
 * @module
 */
import { encodeBase32 } from '../../encoding/base32.js';
import type { FailedEntry, ImportedAccount, ParsedEntry, ParsedImport } from '../types.js';

/** A TOTP account whose secret is derived from `seed`. */
export function imported(issuer: string, label: string, seed: number, extra: Partial<ImportedAccount> = {}): ImportedAccount {
  const secret = encodeBase32(new Uint8Array([seed & 0xff, seed >> 8, 7, 7, 7, 7, 7, 7, 7, 7]));
  return { issuer, label, otp: { type: 'totp', secret, algorithm: 'SHA1', digits: 6, period: 30 }, ...extra };
}

/** A parsed export of `items`: accounts become entries, strings become failures with that reason. */
export function parsedOf(items: readonly (ImportedAccount | string)[], warnings: readonly string[] = []): ParsedImport {
  const entries = items.map((item, i): ParsedEntry | FailedEntry =>
    typeof item === 'string'
      ? { ok: false, index: i + 1, name: `entry ${i + 1}`, code: 'ERR_IMPORT_ENTRY_INVALID', reason: item }
      : { ok: true, index: i + 1, name: `${item.issuer} (${item.label})`, account: item },
  );
  return { format: 'otpauth', entries, warnings };
}
