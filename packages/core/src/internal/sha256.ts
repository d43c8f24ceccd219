/**
 * The core's one home for SHA-256 (CONVENTIONS.md §3.13: each third-party primitive has exactly
 * one wrapper). Synchronous and pure-JS through `@noble/hashes`, so fingerprints can be computed
 * anywhere the core runs without waiting on WebCrypto's async digest.
 *
 * @module
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

/** SHA-256 digest (32 bytes) of `data`. */
export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}
