/**
 * Google Authenticator's `MigrationPayload` (formats.md §3), decoded from protobuf. Unknown
 * fields are skipped — newer exports add field 8 to each account — and absent fields take
 * proto3's zero defaults. A known field with the wrong wire type means the data is not this
 * message, which fails the whole file; what one account's values mean is judged later, per
 * entry.
 *
 * @module
 */
import type { Fail } from '../../../internal/json.js';
import { asInt32, asInt64, readMessage, type ProtobufField } from './protobuf.js';

/** One `OtpParameters` message, values as the wire holds them. */
export interface MigrationOtp {
  /** The raw key bytes. */
  readonly secret: Uint8Array;
  /** UTF-8, decoded per entry so a bad name fails only its own account. */
  readonly name: Uint8Array;
  readonly issuer: Uint8Array;
  /** 0 unspecified, 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5. */
  readonly algorithm: number;
  /** 0 unspecified, 1 six, 2 eight. */
  readonly digits: number;
  /** 0 unspecified, 1 HOTP, 2 TOTP. */
  readonly type: number;
  readonly counter: bigint;
}

/** One QR code's worth of an export. */
export interface MigrationPayload {
  readonly otps: readonly MigrationOtp[];
  readonly version: number;
  /** How many QR codes the export has (0 when absent: a single one). */
  readonly batchSize: number;
  readonly batchIndex: number;
  /** Shared by the QR codes of one export; 0 when absent (version 2 exports). */
  readonly batchId: number;
}

const EMPTY: Uint8Array = new Uint8Array(0);

function bytesOf(f: ProtobufField, fail: Fail): Uint8Array {
  return f.wire === 'bytes' ? f.value : fail(`field ${f.number} should be length-delimited.`);
}

function varintOf(f: ProtobufField, fail: Fail): bigint {
  return f.wire === 'varint' ? f.value : fail(`field ${f.number} should be a number.`);
}

function readOtp(bytes: Uint8Array, fail: Fail): MigrationOtp {
  const otp: { -readonly [K in keyof MigrationOtp]: MigrationOtp[K] } = { secret: EMPTY, name: EMPTY, issuer: EMPTY, algorithm: 0, digits: 0, type: 0, counter: 0n };
  for (const f of readMessage(bytes, fail)) {
    if (f.number === 1) otp.secret = bytesOf(f, fail);
    else if (f.number === 2) otp.name = bytesOf(f, fail);
    else if (f.number === 3) otp.issuer = bytesOf(f, fail);
    else if (f.number === 4) otp.algorithm = asInt32(varintOf(f, fail));
    else if (f.number === 5) otp.digits = asInt32(varintOf(f, fail));
    else if (f.number === 6) otp.type = asInt32(varintOf(f, fail));
    else if (f.number === 7) otp.counter = asInt64(varintOf(f, fail));
  }
  return otp;
}

/**
 * Decodes a `MigrationPayload`.
 *
 * @throws whatever `fail` raises for data that is not one.
 */
export function decodeMigrationPayload(bytes: Uint8Array, fail: Fail): MigrationPayload {
  const otps: MigrationOtp[] = [];
  const payload = { version: 0, batchSize: 0, batchIndex: 0, batchId: 0 };
  for (const f of readMessage(bytes, fail)) {
    if (f.number === 1) otps.push(readOtp(bytesOf(f, fail), fail));
    else if (f.number === 2) payload.version = asInt32(varintOf(f, fail));
    else if (f.number === 3) payload.batchSize = asInt32(varintOf(f, fail));
    else if (f.number === 4) payload.batchIndex = asInt32(varintOf(f, fail));
    else if (f.number === 5) payload.batchId = asInt32(varintOf(f, fail));
  }
  return { otps, ...payload };
}
