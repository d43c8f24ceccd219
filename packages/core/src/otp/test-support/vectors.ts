/**
 * Loads the language-neutral spec vectors from the repository's `vectors/` folder (see its
 * README for provenance), and decodes the secret spellings they use.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { decodeBase32 } from '../../encoding/base32.js';

const VECTORS_DIR = new URL('../../../../../vectors/', import.meta.url);

/** Parses `vectors/<name>` as JSON; the caller asserts the shape it expects. */
export function loadVectors(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, VECTORS_DIR), 'utf8'));
}

/** A secret as vector files write it: exactly one of ASCII, hex or base32. */
export interface SecretSpelling {
  readonly secretAscii?: string;
  readonly secretHex?: string;
  readonly secretBase32?: string;
}

/** Bytes of a hex string. */
export function hexBytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Bytes of whichever secret spelling a vector row uses. */
export function secretOf(row: SecretSpelling): Uint8Array {
  if (row.secretAscii !== undefined) return new TextEncoder().encode(row.secretAscii);
  if (row.secretHex !== undefined) return hexBytes(row.secretHex);
  if (row.secretBase32 !== undefined) return decodeBase32(row.secretBase32);
  throw new Error('vector row has no secret');
}
