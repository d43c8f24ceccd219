/**
 * Unlocking backups with either key slot: the passphrase opens the newest keyring in the
 * destination (every identity, so every generation back to the oldest kept opens), the recovery
 * key is the current identity itself. A recovery key is checked (checksum) before anything else
 * happens: a typo never reaches the destination or the KDF.
 *
 * @module
 */
import type { Destination } from '@tessera/core';
import type { ScryptFunction } from './age/scrypt-stanza.js';
import { openKeyring } from './keyring-seal.js';
import { fetchKeyring } from './keyring-store.js';
import type { Keyring } from './keyring.js';
import { parseRecoveryKey } from './recovery-key.js';

/** What the person gives to unlock: the keyring passphrase or the recovery key. */
export type BackupCredential = { readonly passphrase: string } | { readonly recoveryKey: string };

/** What {@link unlockBackup} needs. */
export interface UnlockBackupOptions {
  readonly destination: Destination;
  readonly credential: BackupCredential;
  readonly scrypt: ScryptFunction;
}

/** The identities that open snapshots, and the keyring when the passphrase opened one. */
export interface UnlockedBackup {
  readonly identities: readonly string[];
  readonly keyring?: Keyring;
}

/**
 * The identities a credential gives. Errors: `ERR_RECOVERY_KEY_INVALID` (typo, before any I/O),
 * `ERR_KEYRING_NOT_FOUND`, `ERR_KEYRING_PASSPHRASE_WRONG`, `ERR_KEYRING_CORRUPT`,
 * `ERR_KDF_PARAMS_OUT_OF_RANGE`, and the destination's own.
 *
 * @example
 * ```ts
 * const { identities } = await unlockBackup({ destination, credential: { recoveryKey: typed }, scrypt: nodeScrypt });
 * const found = await fetchSnapshot({ destination, identities, createdAt });
 * ```
 */
export async function unlockBackup(options: UnlockBackupOptions): Promise<UnlockedBackup> {
  const { credential } = options;
  if ('recoveryKey' in credential) return { identities: [parseRecoveryKey(credential.recoveryKey).identity] };
  const { bytes } = await fetchKeyring(options.destination);
  const keyring = await openKeyring(bytes, credential.passphrase, { scrypt: options.scrypt });
  return { identities: keyring.identities, keyring };
}
