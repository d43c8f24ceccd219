/**
 * The options and change type of the vault store (`FileVaultStore` in `vault-store.ts`).
 *
 * @module
 */
import type { Vault } from '@tessera/core';
import type { AtomicWriteFs } from './atomic-write.js';
import type { KeychainOption } from './key-access.js';
import type { LockOptions } from './lock.js';
import type { MachineIdSource } from './machine-id.js';

/** Options of `FileVaultStore`. Only `dir` is required; the rest are seams with production defaults. */
export interface FileVaultStoreOptions {
  readonly dir: string;
  /** The keychain, `null` for none (the default), or a function that detects it on first need. */
  readonly keychain?: KeychainOption;
  /** Asks for the app-lock passphrase when the device key is passphrase-protected. */
  readonly askPassphrase?: () => Promise<string>;
  readonly lock?: LockOptions;
  readonly machineId?: MachineIdSource;
  readonly now?: () => number;
  /** scrypt work factor for `device.key.age`; default 18. */
  readonly appLockLogN?: number;
  readonly fs?: AtomicWriteFs;
}

/** What a `FileVaultStore.update` function returns: the new vault and a result for the caller. */
export interface VaultChange<T> {
  readonly vault: Vault;
  readonly result: T;
}

/** Options of `FileVaultStore.update`. */
export interface UpdateOptions {
  /**
   * Creates the vault (under the same lock) when there is none yet, instead of
   * `ERR_VAULT_NOT_FOUND`. Never when `vault.json` shows a finished vault whose `vault.age` is
   * missing: that stays `ERR_VAULT_NOT_FOUND`, and the device key is kept.
   */
  readonly createIfMissing?: () => Vault;
}
