/**
 * An in-memory {@link Keychain} for tests of the keychain code paths on machines without one.
 *
 * @module
 */
import type { Keychain } from '../keychain.js';

/** A keychain backed by a Map, exposed for assertions. */
export function memoryKeychain(): Keychain & { readonly items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    name: 'the test keychain',
    items,
    lookup: (vaultId) => Promise.resolve(items.get(vaultId)),
    store: (vaultId, secret) => {
      items.set(vaultId, secret);
      return Promise.resolve();
    },
    remove: (vaultId) => {
      items.delete(vaultId);
      return Promise.resolve();
    },
  };
}
