/**
 * Tombstones: what a vault remembers about deleted accounts. They are kept sorted (oldest
 * first) and bounded to the newest {@link MAX_TOMBSTONES}. The bound exists because every vault
 * write and every backup snapshot carries them, and a script that adds and removes accounts in a
 * loop would otherwise grow both forever. A tombstone only matters while some older copy that
 * still holds the account can come back (a device offline for months, an old backup being
 * merged), and 1,000 deletions is far more than a person makes in any such window. Dropping the
 * oldest can at worst let a very old copy bring back an account that was deleted — visible and
 * harmless — never lose one.
 *
 * @module
 */
import type { Tombstone } from './types.js';

/** The most tombstones a vault keeps (the newest ones). */
export const MAX_TOMBSTONES = 1000;

/** Canonical tombstone order: oldest first, then by id. */
export function compareTombstones(a: Tombstone, b: Tombstone): number {
  if (a.deletedAt !== b.deletedAt) return a.deletedAt - b.deletedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The tombstones of `lists` together, in canonical form: one per id (the latest deletion wins),
 * none for an id in `liveIds` (an account that exists again), sorted oldest first and cut to the
 * newest {@link MAX_TOMBSTONES}.
 *
 * @example
 * ```ts
 * const tombstones = mergeTombstones([local.tombstones, snapshot.tombstones], new Set(accounts.map((a) => a.id)));
 * ```
 */
export function mergeTombstones(lists: readonly (readonly Tombstone[])[], liveIds: ReadonlySet<string> = new Set()): Tombstone[] {
  const latest = new Map<string, Tombstone>();
  for (const tombstone of lists.flat()) {
    const seen = latest.get(tombstone.id);
    if (!liveIds.has(tombstone.id) && (seen === undefined || seen.deletedAt < tombstone.deletedAt)) {
      latest.set(tombstone.id, { id: tombstone.id, deletedAt: tombstone.deletedAt });
    }
  }
  return [...latest.values()].sort(compareTombstones).slice(-MAX_TOMBSTONES);
}
