/**
 * Byte helpers of the encrypted formats that the shared import helpers do not cover: strict hex
 * (Aegis writes keys, nonces and salts as hex), password bytes, and concatenation. Base64 is
 * `encoding/base64.ts`.
 *
 * @module
 */
import type { Fail } from '../../../internal/json.js';

const HEX_SHAPE = /^(?:[0-9a-fA-F]{2})*$/;

/** Bytes of hex `text` (either case), from `minBytes` to `maxBytes` of them. */
export function decodeHex(text: string, minBytes: number, maxBytes: number, what: string, fail: Fail): Uint8Array {
  const length = text.length / 2;
  if (text.length > maxBytes * 2 || length < minBytes || !HEX_SHAPE.test(text)) {
    fail(minBytes === maxBytes ? `${what} must be ${minBytes} bytes of hex.` : `${what} must be ${minBytes} to ${maxBytes} bytes of hex.`);
  }
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** UTF-8 bytes of `text`: keys are derived from exactly these bytes, never a normalised form. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** `a ‖ b` in a new array (spreading large arrays into `Uint8Array.of` would overflow the stack). */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
