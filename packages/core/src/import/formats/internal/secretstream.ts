/**
 * Opening one message of libsodium's `crypto_secretstream_xchacha20poly1305`, the construction
 * Ente Auth encrypts its exports with (it is not the XChaCha20-Poly1305 AEAD). Built from the
 * audited ChaCha20, HChaCha20 and Poly1305 of `@noble/ciphers`, following libsodium's
 * `secretstream_xchacha20poly1305.c` step by step, and cross-checked against libsodium itself
 * (through PyNaCl) in the tests:
 *
 * - state: key' = HChaCha20(key, header[0..16]); nonce = counter (LE u32, starting at 1) ‖ header[16..24];
 * - Poly1305 key = ChaCha20(key', nonce) block 0;
 * - the tag byte is XORed with block 1, and the whole 64-byte block (first byte as sent) is MACed;
 * - the message is ChaCha20 from block 2, MACed, padded with `mlen mod 16` zero bytes — libsodium
 *   computes `(16 - 64 + mlen) & 15`, not the AEAD's `(16 - mlen) & 15`, and this must match it —
 *   then the little-endian 64-bit lengths of the (empty) additional data and of 64 + mlen.
 *
 * Only the first message of a stream is read, which is all an Ente export holds.
 *
 * @module
 */
import { Poly1305 } from '@noble/ciphers/_poly1305.js';
import { chacha20, hchacha } from '@noble/ciphers/chacha.js';
import { equalBytes, u32 } from '@noble/ciphers/utils.js';

/** Bytes of a secretstream header (the HChaCha20 input and the initial nonce). */
export const SECRETSTREAM_HEADER_BYTES = 24;
/** Bytes a message grows by: the encrypted tag byte and the Poly1305 MAC. */
export const SECRETSTREAM_ABYTES = 17;
/** Tag of an ordinary message. */
export const TAG_MESSAGE = 0;
/** Tag of the last message of a stream. */
export const TAG_FINAL = 3;

// "expand 32-byte k" in ASCII: ChaCha's constant words.
const SIGMA = u32(new TextEncoder().encode('expand 32-byte k'));

function hchacha20(key: Uint8Array, input: Uint8Array): Uint8Array {
  // Fresh, aligned copies: u32 views need 4-byte alignment and must not alias the caller's data.
  const out = new Uint32Array(8);
  hchacha(SIGMA, u32(Uint8Array.from(key)), u32(Uint8Array.from(input)), out);
  return new Uint8Array(out.buffer);
}

function lengthBlock(mlen: number): Uint8Array {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  // bytes 0..7: additional-data length, always 0 here; bytes 8..15: 64 + mlen, little-endian.
  view.setBigUint64(8, BigInt(64 + mlen), true);
  return bytes;
}

/** The secretstream message: its tag and plaintext. */
export interface SecretstreamMessage {
  readonly tag: number;
  readonly plaintext: Uint8Array;
}

/**
 * The first message of a secretstream under `key` with `header`, or `undefined` when its MAC does
 * not verify (a wrong key or a damaged message).
 *
 * @throws {RangeError} for a key that is not 32 bytes, a header that is not 24 bytes or a message
 *   shorter than {@link SECRETSTREAM_ABYTES} (callers check lengths first).
 */
export function openSecretstreamMessage(key: Uint8Array, header: Uint8Array, message: Uint8Array): SecretstreamMessage | undefined {
  if (key.length !== 32 || header.length !== SECRETSTREAM_HEADER_BYTES || message.length < SECRETSTREAM_ABYTES) {
    throw new RangeError('openSecretstreamMessage needs a 32-byte key, a 24-byte header and at least 17 bytes.');
  }
  const subkey = hchacha20(key, header.subarray(0, 16));
  const nonce = new Uint8Array(12);
  nonce[0] = 1;
  nonce.set(header.subarray(16, 24), 4);
  const mlen = message.length - SECRETSTREAM_ABYTES;
  const ciphertext = message.subarray(1, 1 + mlen);
  const mac = new Poly1305(chacha20(subkey, nonce, new Uint8Array(64), undefined, 0).subarray(0, 32));
  const block = new Uint8Array(64);
  block[0] = message[0] ?? 0;
  const tagBlock = chacha20(subkey, nonce, block, undefined, 1);
  const tag = tagBlock[0] ?? 0;
  tagBlock[0] = message[0] ?? 0;
  mac.update(tagBlock).update(ciphertext).update(new Uint8Array(mlen % 16)).update(lengthBlock(mlen));
  if (!equalBytes(mac.digest(), message.subarray(1 + mlen))) return undefined;
  return { tag, plaintext: chacha20(subkey, nonce, ciphertext, undefined, 2) };
}
