/**
 * The pure-JS key derivation functions encrypted imports fall back on when the app passes none:
 * scrypt (Aegis), PBKDF2 (2FAS, andOTP, Authenticator Pro legacy) and Argon2id (Ente, Proton,
 * Authenticator Pro), all from the audited `@noble/hashes`. They run anywhere the core runs, at
 * the price of speed: an app with native KDFs (`node:crypto` scrypt/pbkdf2, a WASM Argon2)
 * passes its own {@link ImportKdfs}. The async variants yield to the event loop, so a long
 * derivation does not freeze a browser tab or a spinner.
 *
 * Parameters arrive here already bounded by the importers (see `IMPORT_KDF_LIMITS`); the
 * memory ceilings given to noble below only repeat those bounds as a second fence.
 *
 * @module
 */
import { argon2idAsync } from '@noble/hashes/argon2.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { pbkdf2Async } from '@noble/hashes/pbkdf2.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import type { ImportKdfs } from './types.js';

const PBKDF2_HASHES = { 'SHA-1': sha1, 'SHA-256': sha256, 'SHA-512': sha512 } as const;

// One GiB of working memory, plus slack for scrypt's p-sized buffers; the importers cap every
// file's parameters at or below this.
const MAX_KDF_MEMORY = 1024 ** 3 + 1024 ** 2;

/**
 * Default {@link ImportKdfs}: pure JS, isomorphic, slow for large parameters.
 *
 * @example
 * ```ts
 * const key = await defaultImportKdfs.pbkdf2('SHA-256', password, salt, 10_000, 32);
 * ```
 */
export const defaultImportKdfs: ImportKdfs = Object.freeze({
  scrypt: (password: Uint8Array, salt: Uint8Array, params: { N: number; r: number; p: number; dkLen: number }) =>
    scryptAsync(password, salt, { ...params, maxmem: MAX_KDF_MEMORY }),
  pbkdf2: (hash: 'SHA-1' | 'SHA-256' | 'SHA-512', password: Uint8Array, salt: Uint8Array, iterations: number, dkLen: number) => {
    // JS callers can pass any string despite the type; noble would otherwise get `undefined`.
    if (!Object.hasOwn(PBKDF2_HASHES, hash)) throw new TypeError(`Unsupported PBKDF2 hash: ${hash as string}`);
    return pbkdf2Async(PBKDF2_HASHES[hash], password, salt, { c: iterations, dkLen });
  },
  argon2id: (password: Uint8Array, salt: Uint8Array, params: { t: number; m: number; p: number; dkLen: number }) =>
    argon2idAsync(password, salt, { ...params, maxmem: MAX_KDF_MEMORY }),
});
