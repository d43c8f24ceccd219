/**
 * Publishing one generation of a device's backup without ever putting an older one at risk
 * (ARCHITECTURE.md §4, security.md §2 "Versioned backups"): encrypt → create a fresh name →
 * read it back → same bytes → decrypt with the keyring → same plaintext → only then prune this
 * device's generations beyond the newest `keep`. The generation just verified is never pruned,
 * and a failed prune is reported, not thrown: the new backup is already safe.
 *
 * @module
 */
import { CoreError, type Destination } from '@tessera/core';
import { identityKind } from './identity.js';
import { equalBytes, type RandomSource } from './internal/bytes.js';
import { writeOnce } from './internal/write-once.js';
import { checkSnapshotTarget, DEVICES_PREFIX, listSnapshots, snapshotName, sortSnapshotNames, type SnapshotName } from './layout.js';
import { decryptSnapshot, encryptSnapshot } from './snapshot-crypto.js';

/** Generations kept per device by default. */
export const DEFAULT_KEEP = 10;

/** What {@link publishGeneration} needs. */
export interface PublishGenerationOptions {
  readonly destination: Destination;
  readonly deviceId: string;
  readonly generation: number;
  /** The encoded snapshot. */
  readonly plaintext: Uint8Array;
  /** Recipients to encrypt to (the keyring's current one). */
  readonly recipients: readonly string[];
  /** Identities that must open the new file (the keyring's): proves it is restorable. */
  readonly identities: readonly string[];
  /** Source of the name's random suffix. */
  readonly random: RandomSource;
  /** How many of this device's newest generations to keep; default {@link DEFAULT_KEEP}. */
  readonly keep?: number;
}

/** An object a prune or cleanup could not remove. */
export interface RemoveFailure {
  readonly name: string;
  readonly error: unknown;
}

/** The outcome of a publish. */
export interface PublishResult {
  /** The new, verified object. */
  readonly name: string;
  /** Older objects removed afterwards. */
  readonly removed: readonly string[];
  /** Older objects that could not be removed (the publish itself succeeded). */
  readonly removeFailures: readonly RemoveFailure[];
}

/**
 * Encrypts, writes and verifies one generation, then prunes. Verification failure is
 * `ERR_BACKUP_VERIFY_FAILED` (the new object is removed, older ones untouched); destination
 * failures pass through with their `ERR_DESTINATION_*` code.
 *
 * @example
 * ```ts
 * const { name, removeFailures } = await publishGeneration({
 *   destination, deviceId, generation: 8, plaintext: encodeSnapshot(snapshot),
 *   recipients: [await currentRecipient(keyring)], identities: keyring.identities, random,
 * });
 * ```
 */
export async function publishGeneration(options: PublishGenerationOptions): Promise<PublishResult> {
  const keep = options.keep ?? DEFAULT_KEEP;
  if (!Number.isSafeInteger(keep) || keep < 1) throw new RangeError('keep must be a positive integer');
  const { destination, deviceId, generation, plaintext, identities, random } = options;
  checkSnapshotTarget(deviceId, generation);
  // Checked here, not left to the verification step, which would report a caller's mistake as a bad write.
  if (identities.length === 0 || identities.some((identity) => identityKind(identity) === undefined)) {
    throw new TypeError('identities must be one or more valid age identities');
  }
  const freshName = (): string => snapshotName(deviceId, generation, random);
  const bytes = await encryptSnapshot(plaintext, options.recipients);
  const existing = new Set((await listSnapshots(destination, deviceId)).flatMap((d) => d.snapshots.map((s) => s.name)));
  const name = await writeOnce({
    destination,
    existing,
    freshName,
    bytes,
    what: 'backup',
    check: async (readBack) => {
      if (!equalBytes(await decryptSnapshot(readBack, identities), plaintext)) {
        throw new CoreError('ERR_BACKUP_CORRUPT', 'The backup read back decrypts to different bytes.');
      }
    },
  });
  return { name, ...(await prune(destination, { name, deviceId, generation }, keep)) };
}

/** Removes this device's generations beyond the newest `keep`, never `verified`. */
async function prune(destination: Destination, verified: SnapshotName, keep: number): Promise<Omit<PublishResult, 'name'>> {
  const removed: string[] = [];
  const removeFailures: RemoveFailure[] = [];
  let listed: SnapshotName[];
  try {
    listed = (await listSnapshots(destination, verified.deviceId)).flatMap((d) => d.snapshots);
  } catch (error) {
    return { removed, removeFailures: [{ name: `${DEVICES_PREFIX}${verified.deviceId}/`, error }] };
  }
  // A listing that lags behind our own write still counts the new generation among those kept.
  const ordered = sortSnapshotNames(listed.some((s) => s.name === verified.name) ? listed : [...listed, verified]);
  for (const { name } of ordered.slice(keep)) {
    if (name === verified.name) continue;
    try {
      await destination.remove(name);
      removed.push(name);
    } catch (error) {
      removeFailures.push({ name, error });
    }
  }
  return { removed, removeFailures };
}
