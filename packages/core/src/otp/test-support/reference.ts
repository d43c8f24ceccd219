/**
 * A deliberately plain HOTP/TOTP reference on `node:crypto` and BigInt, written straight from
 * RFC 4226 §5.3 / RFC 6238 §4 with no shared code, for property tests to compare against.
 *
 * @module
 */
import { createHmac } from 'node:crypto';
import type { HashAlgorithm } from '../types.js';

/** RFC 4226 HOTP, computed the obvious way. */
export function referenceHotp(secret: Uint8Array, counter: bigint, algorithm: HashAlgorithm, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(counter);
  const mac = createHmac(algorithm.toLowerCase(), secret).update(message).digest();
  const offset = mac.readUInt8(mac.length - 1) & 0x0f;
  const value = mac.readUInt32BE(offset) & 0x7fffffff;
  return (BigInt(value) % 10n ** BigInt(digits)).toString().padStart(digits, '0');
}

/** RFC 6238 TOTP with T0 = 0, the step computed in BigInt from whole milliseconds. */
export function referenceTotp(secret: Uint8Array, timestampMs: number, period: number, algorithm: HashAlgorithm, digits: number): string {
  const step = BigInt(Math.floor(timestampMs)) / (BigInt(period) * 1000n);
  return referenceHotp(secret, step, algorithm, digits);
}
