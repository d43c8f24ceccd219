/**
 * Writes andOTP backups from formats.md §6.3 with Node's crypto (OpenSSL), independently of the
 * importer: the JSON entries, the new encrypted layout (iterations in the file; low by default
 * to keep tests fast) and the old one (SHA-256 of the password as key).
 *
 * @module
 */
import { createCipheriv, createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import type { SharedAccount } from '../../internal/test-support/accounts.js';

/** An andOTP entry for `account`. */
export function andOtpEntry(account: SharedAccount, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { otp } = account;
  const secret = `${otp.secret}${'='.repeat((8 - (otp.secret.length % 8)) % 8)}`;
  const common = { secret, issuer: account.issuer, label: account.label, thumbnail: 'Default', last_used: 0, used_frequency: 0, tags: [] };
  if (otp.type === 'steam') return { ...common, digits: 5, type: 'STEAM', algorithm: 'SHA1', period: otp.period, ...extra };
  if (otp.type === 'hotp') return { ...common, digits: otp.digits, type: 'HOTP', algorithm: otp.algorithm, counter: otp.counter, ...extra };
  return { ...common, digits: otp.digits, type: 'TOTP', algorithm: otp.algorithm, period: otp.period, ...extra };
}

function seal(key: Buffer, plaintext: Buffer): { iv: Buffer; sealed: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  return { iv, sealed: Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]) };
}

/** The new encrypted layout: `iterations ‖ salt ‖ iv ‖ ct ‖ tag`. */
export function encryptAndOtp(entries: readonly unknown[], password: string, iterations = 1_000): Uint8Array {
  const salt = randomBytes(12);
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha1');
  const { iv, sealed } = seal(key, Buffer.from(JSON.stringify(entries)));
  const count = Buffer.alloc(4);
  count.writeUInt32BE(iterations);
  return Buffer.concat([count, salt, iv, sealed]);
}

/** The old encrypted layout: `iv ‖ ct ‖ tag` under SHA-256(password). */
export function encryptAndOtpOld(entries: readonly unknown[], password: string): Uint8Array {
  const key = createHash('sha256').update(password, 'utf8').digest();
  const { iv, sealed } = seal(key, Buffer.from(JSON.stringify(entries)));
  return Buffer.concat([iv, sealed]);
}
