/**
 * Writes Proton Authenticator exports from formats.md §6.7, independently of the importer:
 * entries as Proton's exporter writes them, and the password-protected form with Node's AES-GCM
 * (OpenSSL). Argon2id is not in Node 20's crypto, so the key comes from `@noble/hashes` here;
 * the Python cross-check derives it with libsodium instead.
 *
 * @module
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { argon2id } from '@noble/hashes/argon2.js';
import { decodeBase32 } from '../../../../encoding/base32.js';
import { formatOtpauthUri } from '../../../../uri/format.js';
import type { SharedAccount } from '../../internal/test-support/accounts.js';

/** A Proton entry for a TOTP or Steam `account` (Steam secrets written as base64, as Proton does). */
export function protonEntry(account: SharedAccount, note: string | null = null): Record<string, unknown> {
  if (account.otp.type === 'steam') {
    const secret = Buffer.from(decodeBase32(account.otp.secret)).toString('base64');
    return { id: randomBytes(16).toString('hex'), content: { uri: `steam://${secret}`, entry_type: 'Steam', name: account.label }, note };
  }
  const uri = formatOtpauthUri({ issuer: account.issuer, label: account.label, otp: account.otp });
  return { id: randomBytes(16).toString('hex'), content: { uri, entry_type: 'Totp', name: account.label }, note };
}

/** A plain export. */
export function plainProton(entries: readonly unknown[]): Record<string, unknown> {
  return { version: 1, entries };
}

/** A password-protected export of `entries`. */
export function encryptedProton(entries: readonly unknown[], password: string): Record<string, unknown> {
  const salt = randomBytes(16);
  const key = argon2id(Buffer.from(password, 'utf8'), salt, { m: 19 * 1024, t: 2, p: 1, dkLen: 32 });
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from('proton.authenticator.export.v1'));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(plainProton(entries)), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { version: 1, salt: salt.toString('base64'), content: Buffer.concat([nonce, sealed]).toString('base64') };
}
