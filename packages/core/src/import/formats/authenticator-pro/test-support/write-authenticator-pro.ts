/**
 * Writes Authenticator Pro / Stratum backups from formats.md §6.6, independently of the
 * importer: the JSON document, the current encrypted layout (Node's AES-GCM; Argon2id from
 * `@noble/hashes`, since Node 20's crypto has none) and the legacy one (Node's PBKDF2 and
 * AES-CBC, i.e. OpenSSL).
 *
 * @module
 */
import { createCipheriv, createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import { argon2id } from '@noble/hashes/argon2.js';
import type { SharedAccount } from '../../internal/test-support/accounts.js';

const ALGORITHMS = { SHA1: 0, SHA256: 1, SHA512: 2 } as const;

/** An authenticator for `account`. */
export function authenticator(account: SharedAccount, ranking: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { otp } = account;
  const common = { Icon: null, Issuer: account.issuer, Username: account.label, Secret: otp.secret, Pin: null, Ranking: ranking, CopyCount: 0 };
  if (otp.type === 'steam') return { Type: 4, ...common, Algorithm: 0, Digits: 5, Period: otp.period, Counter: 0, ...extra };
  const algorithm = ALGORITHMS[otp.algorithm];
  if (otp.type === 'hotp') return { Type: 1, ...common, Algorithm: algorithm, Digits: otp.digits, Period: 0, Counter: otp.counter, ...extra };
  return { Type: 2, ...common, Algorithm: algorithm, Digits: otp.digits, Period: otp.period, Counter: 0, ...extra };
}

/** The category id Authenticator Pro derives from a name: the first 8 hex digits of SHA-1. */
export function categoryId(name: string): string {
  return createHash('sha1').update(name, 'utf8').digest('hex').slice(0, 8);
}

/** A backup document. */
export function backupOf(authenticators: readonly unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Authenticators: authenticators, Categories: [], AuthenticatorCategories: [], CustomIcons: [], ...extra };
}

/** The current encrypted layout. */
export function encryptStrong(document: unknown, password: string): Uint8Array {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = argon2id(Buffer.from(password, 'utf8'), salt, { t: 3, m: 64 * 1024, p: 4, dkLen: 32 });
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(document), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return Buffer.concat([Buffer.from('AUTHENTICATORPRO'), salt, iv, sealed]);
}

/** The legacy encrypted layout. */
export function encryptLegacy(document: unknown, password: string): Uint8Array {
  const salt = randomBytes(20);
  const iv = randomBytes(16);
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, 64_000, 32, 'sha1');
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(document), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from('AuthenticatorPro'), salt, iv, ciphertext]);
}
