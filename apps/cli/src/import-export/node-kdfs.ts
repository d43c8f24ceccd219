/**
 * Native scrypt for the formats the CLI writes and reads (Aegis), in the shape the core's
 * exporters and importers take: `node:crypto` runs it in the thread pool, several times faster
 * than the core's pure-JS fallback.
 *
 * @module
 */
import { scrypt } from 'node:crypto';

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
