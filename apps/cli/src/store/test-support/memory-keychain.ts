/**
 * An in-memory {@link Keychain} for tests of the keychain code paths on machines without one,
 * optionally scripted to fail its first removals the way a real keychain tool can.
 *
 * @module
 */
import { CliError } from '../../errors.js';
import type { Keychain } from '../keychain.js';

/** Scripted failures of {@link memoryKeychain}. */
export interface MemoryKeychainOptions {
  /** How many `remove` calls fail (with `ERR_KEYCHAIN_FAILED`) before removals work; default 0. */
  readonly failRemove?: number;
}

/** A keychain backed by a Map, exposed for assertions, with a count of `remove` calls. */
export function memoryKeychain(options: MemoryKeychainOptions = {}): Keychain & { readonly items: Map<string, string>; removals: () => number } {
  const items = new Map<string, string>();
  let removals = 0;
  return {
    name: 'the test keychain',
    items,
    removals: () => removals,
    lookup: (vaultId) => Promise.resolve(items.get(vaultId)),
    store: (vaultId, secret) => {
      items.set(vaultId, secret);
      return Promise.resolve();
    },
    remove: (vaultId) => {
      removals += 1;
      if (removals <= (options.failRemove ?? 0)) {
        return Promise.reject(new CliError('ERR_KEYCHAIN_FAILED', 'Could not remove the device key from the test keychain.'));
      }
      items.delete(vaultId);
      return Promise.resolve();
    },
  };
}
