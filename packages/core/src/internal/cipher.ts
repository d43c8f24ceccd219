/**
 * The core's one home for `@noble/ciphers` AES (CONVENTIONS §3.13): sealing and opening
 * AES-256-GCM (Aegis, 2FAS, andOTP, Proton, Authenticator Pro; the Aegis exporter seals) and
 * decrypting AES-256-CBC with PKCS#7 padding (Authenticator Pro's legacy backups). Failure to authenticate is an expected outcome
 * (a wrong password), so it is `undefined` for the caller to turn into the right error, never an
 * exception from the library. Lengths are the caller's to check before calling.
 *
 * @module
 */
import { cbc, gcm } from '@noble/ciphers/aes.js';

/** AES-GCM's tag length, appended to the ciphertext by every format here. */
export const GCM_TAG_BYTES = 16;

/**
 * Plaintext of AES-256-GCM `sealed` (ciphertext ‖ 16-byte tag) under `key` and `nonce`, or
 * `undefined` when the tag does not verify.
 */
export function openAesGcm(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array): Uint8Array | undefined {
  if (key.length !== 32 || nonce.length === 0 || sealed.length < GCM_TAG_BYTES) {
    throw new RangeError('openAesGcm needs a 32-byte key, a nonce and at least a tag.');
  }
  try {
    return gcm(key, nonce, aad).decrypt(sealed);
  } catch {
    // noble raises one error for a tag mismatch; the lengths above rule out every other cause.
    return undefined;
  }
}

/**
 * Plaintext of AES-256-CBC `ciphertext` with PKCS#7 padding, or `undefined` when the padding is
 * malformed (nearly always a wrong key: CBC has no tag, so this is the only signal there is).
 */
export function decryptAesCbc(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array | undefined {
  if (key.length !== 32 || iv.length !== 16 || ciphertext.length === 0 || ciphertext.length % 16 !== 0) {
    throw new RangeError('decryptAesCbc needs a 32-byte key, a 16-byte IV and whole blocks.');
  }
  try {
    return cbc(key, iv).decrypt(ciphertext);
  } catch {
    return undefined;
  }
}

/** AES-256-GCM `plaintext` under `key` and `nonce`: ciphertext ‖ 16-byte tag. */
export function sealAesGcm(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array {
  if (key.length !== 32 || nonce.length === 0) throw new RangeError('sealAesGcm needs a 32-byte key and a nonce.');
  return gcm(key, nonce).encrypt(plaintext);
}
