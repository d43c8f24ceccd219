/**
 * Writes Ente Auth encrypted exports from formats.md §6.1 for the tests: Argon2id from
 * `@noble/hashes` and the one-message `crypto_secretstream_xchacha20poly1305` push written out
 * from libsodium's `secretstream_xchacha20poly1305.c` on noble's ChaCha20/Poly1305. The importer
 * is checked against libsodium itself in `python.test.ts`; this writer only lets the other tests
 * run where PyNaCl is not installed.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { Poly1305 } from '@noble/ciphers/_poly1305.js';
import { chacha20, hchacha } from '@noble/ciphers/chacha.js';
import { u32 } from '@noble/ciphers/utils.js';
import { argon2id } from '@noble/hashes/argon2.js';

/** Pushes one message of a fresh secretstream: returns the 24-byte header and the message. */
export function secretstreamPush(key: Uint8Array, plaintext: Uint8Array, tag: number): { header: Uint8Array; message: Uint8Array } {
  const header = Uint8Array.from(randomBytes(24));
  const subkey = new Uint32Array(8);
  hchacha(u32(new TextEncoder().encode('expand 32-byte k')), u32(Uint8Array.from(key)), u32(header.slice(0, 16)), subkey);
  const k = new Uint8Array(subkey.buffer);
  const nonce = new Uint8Array(12);
  nonce[0] = 1;
  nonce.set(header.subarray(16), 4);
  const mac = new Poly1305(chacha20(k, nonce, new Uint8Array(64), undefined, 0).subarray(0, 32));
  const block = new Uint8Array(64);
  block[0] = tag;
  const tagBlock = chacha20(k, nonce, block, undefined, 1);
  const ciphertext = chacha20(k, nonce, plaintext, undefined, 2);
  const lengths = new Uint8Array(16);
  new DataView(lengths.buffer).setBigUint64(8, BigInt(64 + plaintext.length), true);
  mac.update(tagBlock).update(ciphertext).update(new Uint8Array(plaintext.length % 16)).update(lengths);
  const message = new Uint8Array(1 + ciphertext.length + 16);
  message[0] = tagBlock[0] ?? 0;
  message.set(ciphertext, 1);
  message.set(mac.digest(), 1 + ciphertext.length);
  return { header, message };
}

/** Argon2id cost as Ente writes it: memory in bytes, passes. Low by default for speed. */
export interface EnteKdf {
  readonly memLimit: number;
  readonly opsLimit: number;
}

/** An encrypted export of `text` (a list of otpauth URIs) under `password`. */
export function encryptedEnte(text: string, password: string, tag = 3, kdf: EnteKdf = { memLimit: 10_240, opsLimit: 1 }): Record<string, unknown> {
  const salt = Uint8Array.from(randomBytes(16));
  const key = argon2id(new TextEncoder().encode(password), salt, { t: kdf.opsLimit, m: Math.floor(kdf.memLimit / 1024), p: 1, dkLen: 32 });
  const { header, message } = secretstreamPush(key, new TextEncoder().encode(text), tag);
  return {
    version: 1,
    kdfParams: { memLimit: kdf.memLimit, opsLimit: kdf.opsLimit, salt: Buffer.from(salt).toString('base64') },
    encryptedData: Buffer.from(message).toString('base64'),
    encryptionNonce: Buffer.from(header).toString('base64'),
  };
}
