/**
 * The core's one home for AES-256-GCM (CONVENTIONS §3.13), from `@noble/ciphers`: pure JS and
 * synchronous, so the authenticator formats that use it (Aegis, 2FAS, andOTP, Stratum, Proton)
 * work in every runtime without WebCrypto. The tag is kept apart from the ciphertext because
 * the formats store it in a separate field.
 *
 * @module
 */
import { gcm } from '@noble/ciphers/aes.js';

/** A GCM ciphertext and its 16-byte tag, stored apart. */
export interface GcmSealed {
  readonly ciphertext: Uint8Array;
  readonly tag: Uint8Array;
}

const TAG_LENGTH = 16;

/** Encrypts `plaintext` under a 32-byte `key` and 12-byte `nonce` (no associated data). */
export function aesGcmSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): GcmSealed {
  const sealed = gcm(key, nonce).encrypt(plaintext);
  const split = sealed.length - TAG_LENGTH;
  return { ciphertext: sealed.slice(0, split), tag: sealed.slice(split) };
}

/** Decrypts and authenticates; throws (a plain `Error` from the cipher) when the tag does not match. */
export function aesGcmOpen(key: Uint8Array, nonce: Uint8Array, sealed: GcmSealed): Uint8Array {
  const joined = new Uint8Array(sealed.ciphertext.length + sealed.tag.length);
  joined.set(sealed.ciphertext);
  joined.set(sealed.tag, sealed.ciphertext.length);
  return gcm(key, nonce).decrypt(joined);
}
