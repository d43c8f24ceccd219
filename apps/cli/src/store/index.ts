/**
 * The CLI's local vault store: where the vault folder is, and the encrypted, locked, durable
 * {@link FileVaultStore} over it, with the device key in the OS keychain, a 0600 file, or behind
 * an app-lock passphrase. On-disk layout: docs/formats/local-vault.md.
 *
 * @module
 */
export { readFileIfExists, writeFileAtomic, type AtomicWriteFs, type AtomicWriteOptions } from './atomic-write.js';
export { DEVICE_KEY_AGE_FILE, DEVICE_KEY_FILE } from './device-key.js';
export { detectKeychain, type DetectKeychainOptions, type Keychain } from './keychain.js';
export { DEFAULT_LOCK_TIMEOUT_MS, LOCK_FILE_NAME, withLock, type LockOptions } from './lock.js';
export { machineFingerprint, readMachineId, type MachineIdSource } from './machine-id.js';
export { METADATA_FILE, type KeyStorage, type VaultMetadata } from './metadata.js';
export { resolveVaultDir, type VaultDirInputs } from './paths.js';
export {
  FileVaultStore,
  VAULT_FILE,
  type FileVaultStoreOptions,
  type UpdateOptions,
  type VaultChange,
} from './vault-store.js';
