/**
 * The manifest of a snapshot: the number of accounts and each one's fingerprint in display
 * order. It is what the restore report counts against ("restored 12 of 12"), and a snapshot
 * whose accounts disagree with it is refused, because a backup that cannot vouch for its own
 * completeness would make that count a lie.
 *
 * @module
 */
import { CoreError } from '../errors.js';
import { accountFingerprint } from '../vault/fingerprint.js';
import type { Account } from '../vault/types.js';
import type { SnapshotManifest } from './types.js';

/** The manifest of `accounts`, which must already be in display order. */
export function manifestOf(accounts: readonly Account[]): SnapshotManifest {
  return { count: accounts.length, fingerprints: accounts.map(accountFingerprint) };
}

/**
 * Throws unless `manifest` describes exactly `accounts` (in display order).
 *
 * @throws {CoreError} `ERR_BACKUP_MANIFEST_MISMATCH`, saying whether the count or which
 *   fingerprint disagrees (by position, never by content).
 */
export function checkManifest(manifest: SnapshotManifest, accounts: readonly Account[]): void {
  if (manifest.count !== accounts.length || manifest.fingerprints.length !== accounts.length) {
    throw new CoreError(
      'ERR_BACKUP_MANIFEST_MISMATCH',
      `The backup's manifest lists ${manifest.count} accounts (${manifest.fingerprints.length} fingerprints) but it holds ${accounts.length}.`,
    );
  }
  const actual = manifestOf(accounts).fingerprints;
  const at = actual.findIndex((fingerprint, i) => fingerprint !== manifest.fingerprints[i]);
  if (at >= 0) {
    throw new CoreError('ERR_BACKUP_MANIFEST_MISMATCH', `The backup's manifest does not match account #${at + 1}.`);
  }
}
