/**
 * Native key derivation for the formats the CLI writes and reads, in the shape the core's
 * exporters and importers take: `node:crypto` runs scrypt and PBKDF2 in the thread pool, several
 * times faster than the core's pure-JS fallbacks. Argon2id stays the core's (Node 20 has none).
 *
 * @module
 */
import { pbkdf2, scrypt } from 'node:crypto';
import { defaultImportKdfs, type ImportKdfs } from '@tessera/core';

/** scrypt parameters as the core passes them. */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly dkLen: number;
}

/** `node:crypto` scrypt; the memory limit is raised to exactly what the parameters need. */
export function nodeScryptKdf(password: Uint8Array, salt: Uint8Array, params: ScryptParams): Promise<Uint8Array> {
  const maxmem = 128 * params.r * (params.N + params.p + 2) + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password, salt, params.dkLen, { N: params.N, r: params.r, p: params.p, maxmem }, (error, key) => {
      if (error) reject(error);
      else resolve(new Uint8Array(key));
    });
  });
}

const PBKDF2_DIGESTS = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-512': 'sha512' } as const;

/** `node:crypto` PBKDF2 with HMAC-SHA-1/256/512. */
export function nodePbkdf2Kdf(hash: keyof typeof PBKDF2_DIGESTS, password: Uint8Array, salt: Uint8Array, iterations: number, dkLen: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    pbkdf2(password, salt, iterations, dkLen, PBKDF2_DIGESTS[hash], (error, key) => {
      if (error) reject(error);
      else resolve(new Uint8Array(key));
    });
  });
}

/** The KDFs `tessera import` hands the core: native scrypt and PBKDF2, the core's Argon2id. */
export const cliImportKdfs: ImportKdfs = { ...defaultImportKdfs, scrypt: nodeScryptKdf, pbkdf2: nodePbkdf2Kdf };
