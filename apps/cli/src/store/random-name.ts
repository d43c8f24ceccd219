/**
 * Unpredictable suffixes for temp and lock-candidate file names. Not secret, but random enough
 * (64 bits) that two processes never pick the same name, so `O_EXCL` never fails by accident.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';

/**
 * Sixteen lower-case hex characters from the system CSPRNG.
 *
 * @example
 * ```ts
 * randomSuffix(); // e.g. '9f2c41d07be35a18'
 * ```
 */
export function randomSuffix(): string {
  return randomBytes(8).toString('hex');
}
