/**
 * Creating an empty vault.
 *
 * @module
 */
import { uuidV4 } from '../internal/uuid.js';
import { checkNow } from './support.js';
import type { CreationContext, Vault } from './types.js';

/**
 * A new, empty vault with a random id.
 *
 * @example
 * ```ts
 * const vault = createVault({ now: Date.now(), random: (n) => crypto.getRandomValues(new Uint8Array(n)) });
 * vault.accounts.length; // 0
 * ```
 * @throws {RangeError} when `ctx.now` is not a safe integer ≥ 0.
 * @throws {TypeError} when `ctx.random` does not return the requested bytes.
 */
export function createVault(ctx: CreationContext): Vault {
  const now = checkNow(ctx);
  return { version: 1, vaultId: uuidV4(ctx.random), accounts: [], groups: [], tombstones: [], updatedAt: now };
}
