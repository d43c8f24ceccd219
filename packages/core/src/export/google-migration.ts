/**
 * Google Authenticator's transfer format (`otpauth-migration://offline?data=…`, formats.md §3):
 * a protobuf `MigrationPayload` per QR code, batched so each code stays easy to scan. The
 * format has no period and no Steam type, and only 6 or 8 digits, so accounts outside that are
 * reported instead of written with codes that would silently differ.
 *
 * @module
 */
import { decodeBase32 } from '../encoding/base32.js';
import type { OtpParameters } from '../otp/types.js';
import type { Vault } from '../vault/types.js';
import { partitionAccounts, type ExportableAccount } from './accounts.js';
import { encodeBase64 } from '../encoding/base64.js';
import { ProtobufWriter } from './protobuf-writer.js';
import type { ExportResult } from './types.js';

/** Options of {@link exportGoogleMigration}. */
export interface GoogleMigrationOptions {
  /** Identifies this export across its QR codes; any int32 (Google uses a random one). */
  readonly batchId: number;
  /** At most this many accounts per QR code (default 10, which keeps each code scannable). */
  readonly accountsPerCode?: number;
}

const ALGORITHM = { SHA1: 1, SHA256: 2, SHA512: 3 } as const;
const DIGITS: Readonly<Record<number, number>> = { 6: 1, 8: 2 };
const OTP_TYPE = { hotp: 1, totp: 2 } as const;

function unrepresentable(otp: OtpParameters): string | undefined {
  if (otp.type === 'steam') return 'Google Authenticator has no Steam Guard codes';
  if (DIGITS[otp.digits] === undefined) return `Google Authenticator only holds 6- or 8-digit codes, not ${String(otp.digits)}`;
  if (otp.type === 'totp' && otp.period !== 30) return `Google Authenticator only holds 30-second codes, not ${String(otp.period)}-second ones`;
  return undefined;
}

function otpParameters({ account, otp }: ExportableAccount): Uint8Array {
  if (otp.type === 'steam') throw new TypeError('Steam accounts are filtered out before encoding.');
  const writer = new ProtobufWriter()
    .bytes(1, decodeBase32(otp.secret))
    .string(2, account.label)
    .string(3, account.issuer)
    .varint(4, ALGORITHM[otp.algorithm])
    .varint(5, DIGITS[otp.digits] ?? 0)
    .varint(6, OTP_TYPE[otp.type]);
  if (otp.type === 'hotp') writer.varint(7, otp.counter);
  return writer.finish();
}

function payload(accounts: readonly ExportableAccount[], batch: { size: number; index: number; id: number }): string {
  const writer = new ProtobufWriter();
  for (const account of accounts) writer.bytes(1, otpParameters(account));
  writer.varint(2, 1).varint(3, batch.size).varint(4, batch.index).varint(5, batch.id);
  return `otpauth-migration://offline?data=${encodeURIComponent(encodeBase64(writer.finish()))}`;
}

/**
 * The vault as Google Authenticator transfer URIs, one per QR code, accounts in order. Each
 * payload has version 1 and the batch size, index and id that let a reader spot a missing code.
 *
 * @example
 * ```ts
 * const { output, skipped } = exportGoogleMigration(vault, { batchId: 1234 });
 * output[0]; // 'otpauth-migration://offline?data=CjUKEP…'
 * ```
 * @throws {RangeError} for a batch id outside int32 or `accountsPerCode` below 1.
 */
export function exportGoogleMigration(vault: Vault, options: GoogleMigrationOptions): ExportResult<string[]> {
  const perCode = options.accountsPerCode ?? 10;
  if (!Number.isInteger(options.batchId) || options.batchId < -(2 ** 31) || options.batchId >= 2 ** 31) {
    throw new RangeError('exportGoogleMigration: batchId must be an int32.');
  }
  if (!Number.isSafeInteger(perCode) || perCode < 1) throw new RangeError('exportGoogleMigration: accountsPerCode must be at least 1.');
  const { accepted, skipped } = partitionAccounts(vault, unrepresentable);
  const size = Math.ceil(accepted.length / perCode);
  const output: string[] = [];
  for (let index = 0; index < size; index++) {
    output.push(payload(accepted.slice(index * perCode, (index + 1) * perCode), { size, index, id: options.batchId }));
  }
  return { output, skipped };
}
