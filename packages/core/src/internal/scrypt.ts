/**
 * The core's one home for scrypt (CONVENTIONS §3.13), from `@noble/hashes`: the pure-JS default
 * used when an app passes no native scrypt. Callers bound N, r and p before calling, since the
 * memory cost (128·r·N bytes) is set by whoever wrote the file.
 *
 * @module
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';

/** scrypt parameters: cost `N` (a power of two), block size `r`, parallelism `p`, output length. */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly dkLen: number;
}

/** A scrypt key derivation: the shape of `ImportKdfs['scrypt']`, so apps pass one function to both. */
export type ScryptFunction = (password: Uint8Array, salt: Uint8Array, params: ScryptParams) => Promise<Uint8Array>;

/** scrypt in pure JS; `maxmem` is raised to fit the requested parameters exactly. */
export const nobleScrypt: ScryptFunction = (password, salt, params) =>
  scryptAsync(password, salt, { ...params, maxmem: 128 * params.r * (params.N + params.p + 2) + 1024 });
