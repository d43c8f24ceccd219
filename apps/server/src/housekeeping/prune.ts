/**
 * One housekeeping pass: every rule in `rules.ts`, one bounded batch each.
 *
 * @module
 */
import type { Database } from '../db/schema.js';
import { BATCH_SIZE } from './retention.js';
import { RULES, type HousekeepingContext } from './rules.js';

/** Rows deleted per table by one pass. */
export type PruneCounts = Partial<Record<keyof Database, number>>;

/** Options for {@link pruneDeadRows}. */
export interface PruneOptions {
  /** Rows deleted per table at most (default {@link BATCH_SIZE}). */
  readonly batchSize?: number;
}

/**
 * Deletes dead rows as of `now`, at most one batch per table, and returns how many went per
 * table. A table with more than a batch of dead rows (`count === batchSize`) has the rest taken
 * by the next pass. A failing rule stops the pass (the next one tries again).
 *
 * @example
 * ```ts
 * const counts = await pruneDeadRows(ctx, ctx.now()); // { throttle: 12, sessions: 3, … }
 * ```
 */
export async function pruneDeadRows(ctx: HousekeepingContext, now: number, options: PruneOptions = {}): Promise<PruneCounts> {
  const limit = options.batchSize ?? BATCH_SIZE;
  const counts: PruneCounts = {};
  for (const rule of RULES) counts[rule.table] = await rule.prune(ctx, now, limit);
  return counts;
}

/** Whether some table had a full batch, so more dead rows may wait. */
export function backlogRemains(counts: PruneCounts, batchSize = BATCH_SIZE): boolean {
  return Object.values(counts).some((n) => n >= batchSize);
}
