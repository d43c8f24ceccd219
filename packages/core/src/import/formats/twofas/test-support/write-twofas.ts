/**
 * Writes 2FAS backups from formats.md §5 with Node's crypto (OpenSSL), independently of the
 * importer: services of the schema-4 layout, and the encrypted form with `reference`. The
 * PBKDF2 count is 2FAS's fixed 10 000.
 *
 * @module
 */
import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import type { SharedAccount } from '../../internal/test-support/accounts.js';
import { TWOFAS_REFERENCE } from '../decrypt.js';

/** A schema-4 service for `account` at `position`. */
export function twoFasService(account: SharedAccount, position: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { otp } = account;
  const params =
    otp.type === 'steam'
      ? { tokenType: 'STEAM', digits: 5, period: otp.period, algorithm: 'SHA1' }
      : otp.type === 'hotp'
        ? { tokenType: 'HOTP', digits: otp.digits, counter: otp.counter, algorithm: otp.algorithm }
        : { tokenType: 'TOTP', digits: otp.digits, period: otp.period, algorithm: otp.algorithm };
  return {
    name: account.issuer,
    secret: otp.secret,
    updatedAt: 1_702_934_567_518,
    serviceTypeID: null,
    otp: { label: `${account.issuer}:${account.label}`, account: account.label, issuer: account.issuer, source: 'Link', ...params },
    order: { position },
    icon: { selected: 'Label', label: { text: account.issuer.slice(0, 2).toUpperCase(), backgroundColor: 'Orange' } },
    ...extra,
  };
}

/** A plain backup. */
export function plainTwoFas(services: readonly unknown[], groups: readonly unknown[] = [], schemaVersion = 4): Record<string, unknown> {
  return { services, groups, updatedAt: 1_702_934_567_518, schemaVersion, appVersionCode: 5_000_009, appVersionName: '5.1.0', appOrigin: 'android' };
}

function sealField(key: Buffer, salt: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${sealed.toString('base64')}:${salt.toString('base64')}:${iv.toString('base64')}`;
}

/** An encrypted backup of `services` under `password` (one 256-byte salt for both fields, as 2FAS does). */
export function encryptedTwoFas(services: readonly unknown[], password: string, groups: readonly unknown[] = []): Record<string, unknown> {
  const salt = randomBytes(256);
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, 10_000, 32, 'sha256');
  return {
    ...plainTwoFas([], groups),
    servicesEncrypted: sealField(key, salt, JSON.stringify(services)),
    reference: sealField(key, salt, TWOFAS_REFERENCE),
  };
}
