/**
 * The two checks the publish and restore protocols make before trusting a snapshot, kept pure
 * so the rule is the same in the CLI and the web app:
 *
 * - **Rollback** (security.md S10, attack case 9): storage can serve an older generation than
 *   one this device has already seen. Equal generations pass — re-reading the same snapshot is
 *   normal; detecting a *fork* (two different objects of one generation) needs the contents and
 *   is the backup protocol's job.
 * - **Count drop** (security.md §2 rule 4, the Raivo lesson): a snapshot that suddenly holds far
 *   fewer accounts than the last one is more likely a broken app or a wiped vault than a person
 *   tidying up, and publishing it could replace the only good backup. "Sharp" means losing
 *   **more than half and at least 3** accounts: removing 1 of 2, or 2 of 3, is ordinary
 *   housekeeping; losing 3 of 5, or 60 of 100, is not. Dropping to zero from any count is
 *   always flagged. Either verdict asks the person to confirm; it never deletes anything.
 *
 * @module
 */

/** Fewest accounts lost for a drop to count as sharp. */
export const SHARP_DROP_MIN_LOST = 3;

function checkCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a safe integer ≥ 0.`);
}

/**
 * `'rollback'` when `generation` is lower than the highest generation this device has already
 * seen from the same writer, else `'ok'` (also when nothing was seen yet).
 *
 * @example
 * ```ts
 * checkRollback(8, 7); // 'rollback': warn or refuse
 * checkRollback(8, 8); // 'ok'
 * checkRollback(undefined, 0); // 'ok': first contact
 * ```
 * @throws {RangeError} when either number is not a safe integer ≥ 0.
 */
export function checkRollback(highestSeen: number | undefined, generation: number): 'ok' | 'rollback' {
  checkCount(generation, 'generation');
  if (highestSeen === undefined) return 'ok';
  checkCount(highestSeen, 'highestSeen');
  return generation < highestSeen ? 'rollback' : 'ok';
}

/**
 * Whether publishing a snapshot of `nextCount` accounts after one of `previousCount` needs the
 * person's confirmation: `'drop-to-zero'`, `'sharp-drop'` (more than half and at least
 * {@link SHARP_DROP_MIN_LOST} lost) or `'ok'` (also for a first backup).
 *
 * @example
 * ```ts
 * checkCountDrop(12, 0);  // 'drop-to-zero'
 * checkCountDrop(12, 5);  // 'sharp-drop'
 * checkCountDrop(3, 2);   // 'ok'
 * ```
 * @throws {RangeError} when either number is not a safe integer ≥ 0.
 */
export function checkCountDrop(previousCount: number | undefined, nextCount: number): 'ok' | 'drop-to-zero' | 'sharp-drop' {
  checkCount(nextCount, 'nextCount');
  if (previousCount === undefined) return 'ok';
  checkCount(previousCount, 'previousCount');
  if (previousCount > 0 && nextCount === 0) return 'drop-to-zero';
  const lost = previousCount - nextCount;
  return lost * 2 > previousCount && lost >= SHARP_DROP_MIN_LOST ? 'sharp-drop' : 'ok';
}
