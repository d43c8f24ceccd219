/**
 * The keyring in a destination: {@link publishKeyring} writes a sealed keyring under the next
 * sequence number the never-overwrite way (fresh name, read back, same bytes, opens with the
 * passphrase to the same keyring), and only then deletes the keyrings before it. A passphrase
 * change or a rotation is therefore never a moment where no keyring opens.
 * {@link fetchKeyring} returns the newest.
 *
 * @module
 */
import { CoreError, type Destination } from '@tessera/core';
import type { ScryptFunction } from './age/scrypt-stanza.js';
import { equalBytes, type RandomSource } from './internal/bytes.js';
import { writeOnce } from './internal/write-once.js';
import { KEYRING_LOG_N_MIN, openKeyring, sealKeyring } from './keyring-seal.js';
import { encodeKeyring, type Keyring } from './keyring.js';
import { KEYRING_PREFIX, keyringName, MAX_KEYRING_SEQ, sortKeyringNames } from './layout.js';
import type { PublishResult, RemoveFailure } from './publish.js';

/** What {@link publishKeyring} needs. */
export interface PublishKeyringOptions {
  readonly destination: Destination;
  readonly keyring: Keyring;
  /** The (new) passphrase; must pass the strength policy. */
  readonly passphrase: string;
  readonly scrypt: ScryptFunction;
  /** Source of the scrypt salt and the name's random suffix. */
  readonly random: RandomSource;
  /** Work factor; default 18. */
  readonly logN?: number;
}

/** The newest keyring file in a destination. */
export interface FetchedKeyring {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * Seals `keyring` with `passphrase`, publishes it as the newest keyring, verifies it, then
 * removes the older keyring files. Verification failure is `ERR_BACKUP_VERIFY_FAILED`.
 *
 * @example
 * ```ts
 * await publishKeyring({ destination, keyring, passphrase, scrypt: nodeScrypt, random });
 * ```
 */
export async function publishKeyring(options: PublishKeyringOptions): Promise<PublishResult> {
  const { destination, keyring, passphrase, scrypt, random } = options;
  const logN = options.logN ?? 18;
  const bytes = await sealKeyring(keyring, passphrase, { scrypt, random, logN });
  const before = sortKeyringNames((await destination.list(KEYRING_PREFIX)).map((e) => e.name));
  const seq = (before[0]?.seq ?? 0) + 1;
  if (seq > MAX_KEYRING_SEQ) throw new CoreError('ERR_DESTINATION_FAILED', 'The destination holds too many keyring versions.');
  const name = await writeOnce({
    destination,
    existing: new Set(before.map((k) => k.name)),
    freshName: () => keyringName(seq, random),
    bytes,
    what: 'keyring',
    check: async (readBack) => {
      // A test work factor below the read floor is the caller's own choice; honour it here.
      const opened = await openKeyring(readBack, passphrase, { scrypt, minLogN: Math.min(logN, KEYRING_LOG_N_MIN) });
      if (!equalBytes(encodeKeyring(opened), encodeKeyring(keyring))) {
        throw new CoreError('ERR_KEYRING_CORRUPT', 'The keyring read back holds different identities.');
      }
    },
  });
  return { name, ...(await removeOlder(destination, name, before.map((k) => k.name))) };
}

/** Removes the keyrings that were there before ours (never a newer one written meanwhile). */
async function removeOlder(destination: Destination, ours: string, older: readonly string[]): Promise<Omit<PublishResult, 'name'>> {
  const removed: string[] = [];
  const removeFailures: RemoveFailure[] = [];
  for (const name of older) {
    if (name === ours) continue;
    try {
      await destination.remove(name);
      removed.push(name);
    } catch (error) {
      removeFailures.push({ name, error });
    }
  }
  return { removed, removeFailures };
}

/**
 * The newest keyring file, or `ERR_KEYRING_NOT_FOUND` when the destination holds none.
 *
 * @example
 * ```ts
 * const { bytes } = await fetchKeyring(destination);
 * const keyring = await openKeyring(bytes, passphrase, { scrypt: nodeScrypt });
 * ```
 */
export async function fetchKeyring(destination: Destination): Promise<FetchedKeyring> {
  const [newest] = sortKeyringNames((await destination.list(KEYRING_PREFIX)).map((e) => e.name));
  const bytes = newest === undefined ? undefined : await destination.read(newest.name);
  if (newest === undefined || bytes === undefined) {
    throw new CoreError('ERR_KEYRING_NOT_FOUND', `${destination.description} holds no backup keyring: set up backup there first.`);
  }
  return { name: newest.name, bytes };
}
