/**
 * `@tessera/backup`: backups that come back on any new device without a vendor account. The
 * keyring (age identities, sealed with a passphrase as a standard age scrypt file; the current
 * identity doubles as the printed recovery key), snapshot encryption to the keyring's recipient,
 * and the never-overwrite publish protocol over any {@link Destination}. Isomorphic: scrypt and
 * randomness are injected, storage is the core's `Destination` port.
 *
 * @module
 */
export {
  SCRYPT_LOG_N_DEFAULT,
  SCRYPT_LOG_N_MAX,
  SCRYPT_LOG_N_MIN,
  ScryptIdentity,
  ScryptRecipient,
  type ScryptBounds,
  type ScryptFunction,
  type ScryptIdentityOptions,
  type ScryptRecipientOptions,
} from './age/scrypt-stanza.js';
export type { RandomSource } from './internal/bytes.js';
export { generateBackupIdentity, identityKind, recipientOf, type BackupIdentity, type BackupIdentityKind } from './identity.js';
export { parseRecoveryKey, type RecoveryKey } from './recovery-key.js';
export {
  createKeyring,
  currentIdentity,
  currentRecipient,
  decodeKeyring,
  encodeKeyring,
  KEYRING_HEADER,
  MAX_KEYRING_IDENTITIES,
  rotateKeyring,
  type Keyring,
} from './keyring.js';
export {
  KEYRING_LOG_N_MAX,
  KEYRING_LOG_N_MIN,
  MAX_KEYRING_FILE_BYTES,
  openKeyring,
  sealKeyring,
  type OpenKeyringOptions,
  type SealKeyringOptions,
} from './keyring-seal.js';
export {
  DEVICES_PREFIX,
  isValidDeviceId,
  KEYRING_PREFIX,
  keyringName,
  latestKeyringName,
  listSnapshots,
  MAX_GENERATION,
  MAX_KEYRING_SEQ,
  parseKeyringName,
  parseSnapshotName,
  snapshotName,
  type DeviceSnapshots,
  type KeyringName,
  type SnapshotName,
} from './layout.js';
export { decryptSnapshot, encryptSnapshot } from './snapshot-crypto.js';
export {
  DEFAULT_KEEP,
  publishGeneration,
  type PublishGenerationOptions,
  type PublishResult,
  type RemoveFailure,
} from './publish.js';
export { fetchKeyring, publishKeyring, type FetchedKeyring, type PublishKeyringOptions } from './keyring-store.js';
export { fetchSnapshot, type FetchedSnapshot, type FetchSnapshotOptions, type SkippedSnapshot } from './fetch.js';
export { unlockBackup, type BackupCredential, type UnlockBackupOptions, type UnlockedBackup } from './unlock.js';
