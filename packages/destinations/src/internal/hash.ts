/**
 * The package's one home for SHA-256 and HMAC-SHA-256 (CONVENTIONS.md §3.13), used by AWS
 * Signature Version 4. Pure JS through `@noble/hashes`, so signing is synchronous and runs the
 * same in Node and browsers.
 *
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const encoder = new TextEncoder();

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Lower-case hex SHA-256 of `data` (a string is hashed as UTF-8). */
export function sha256Hex(data: Uint8Array | string): string {
  return bytesToHex(sha256(typeof data === 'string' ? utf8(data) : data));
}

/** HMAC-SHA-256 of `message` (UTF-8) under `key`. */
export function hmacSha256(key: Uint8Array, message: string): Uint8Array {
  return hmac(sha256, key, utf8(message));
}

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}
