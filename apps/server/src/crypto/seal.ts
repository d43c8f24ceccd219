/**
 * Sealing secrets at rest: AES-256-GCM under the server's seal key (a file outside the
 * database), so a copy of the database alone reveals no TOTP seed (security.md S16). Each
 * sealed value names the row it belongs to through the additional authenticated data, so a
 * sealed seed copied into another row — or another purpose — fails to open instead of
 * quietly working there. Nonces are random 96-bit values: a server seals far fewer than 2^32
 * values under one key, the bound under which random GCM nonces are safe (NIST SP 800-38D).
 *
 * The sealed form is a versioned string, `v1.<nonce>.<ciphertext+tag>` in base64url, so the
 * scheme can change later without guessing what an old value is.
 *
 * @module
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
// The version is part of what is authenticated, so a value cannot be replayed under another scheme.
const AAD_PREFIX = 'tessera-seal-v1\u0000';

function checkKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) throw new TypeError(`the seal key must be ${KEY_BYTES} bytes`);
}

/**
 * Encrypts `plaintext` under `key`, bound to `aad` (e.g. `totp:<tenant>:<method id>`).
 *
 * @example
 * ```ts
 * const sealed = sealSecret(ctx.sealKey, seed, `totp:${tenantId}:${methodId}`);
 * ```
 * @throws {TypeError} when the key is not 32 bytes (a caller mistake).
 */
export function sealSecret(key: Uint8Array, plaintext: Uint8Array, aad: string): string {
  checkKey(key);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(AAD_PREFIX + aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${nonce.toString('base64url')}.${body.toString('base64url')}`;
}

/**
 * Opens a value made by {@link sealSecret} with the same key and `aad`.
 *
 * @example
 * ```ts
 * const seed = openSecret(ctx.sealKey, row.secret_sealed, `totp:${tenantId}:${row.id}`);
 * ```
 * @throws {Error} when the value is malformed, was sealed under another key or `aad`, or was
 *   altered. The message never contains the value.
 */
export function openSecret(key: Uint8Array, sealed: string, aad: string): Uint8Array {
  checkKey(key);
  const parts = sealed.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) throw new Error('sealed value has an unknown format');
  const nonce = Buffer.from(parts[1] ?? '', 'base64url');
  const body = Buffer.from(parts[2] ?? '', 'base64url');
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) throw new Error('sealed value has an unknown format');
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(AAD_PREFIX + aad, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    const plain = Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
    return new Uint8Array(plain);
  } catch (cause) {
    throw new Error('sealed value does not open with this key and binding', { cause });
  }
}
