/**
 * Random bytes drawn from the app's source in blocks. An import of thousands of entries mints an
 * id for each; asking a native source for 16 bytes at a time costs more in call overhead than the
 * bytes themselves (10,000 draws of 16 bytes from `node:crypto`'s `randomBytes`: 22–52 ms; served
 * from 4 KiB blocks: 2–3 ms — Node 20, a busy 2-CPU machine, 5 runs). The bytes are the source's
 * own, in order, so nothing about their quality changes.
 *
 * @module
 */

const BLOCK_BYTES = 4096;
// Larger requests go straight to the source: pooling them would save nothing.
const MAX_POOLED = 256;

/** `random`, serving small requests from blocks of its output. */
export function pooledRandom(random: (length: number) => Uint8Array): (length: number) => Uint8Array {
  let block: Uint8Array = new Uint8Array(0);
  let at = 0;
  return (length) => {
    if (length > MAX_POOLED) return random(length);
    if (at + length > block.length) {
      block = random(BLOCK_BYTES);
      if (!(block instanceof Uint8Array) || block.length !== BLOCK_BYTES) {
        throw new TypeError('The random source must return a Uint8Array of the requested length.');
      }
      at = 0;
    }
    at += length;
    return block.slice(at - length, at);
  };
}
