/**
 * Housekeeping: deletes rows that can only grow once they are dead (expired sessions, codes,
 * passes, approvals, spent token ids, idle throttle rows, OIDC payloads), in bounded batches,
 * every few minutes on every instance. Retention per table: `rules.ts` and docs/server.md.
 *
 * @module
 */
export { backlogRemains, pruneDeadRows, type PruneCounts, type PruneOptions } from './prune.js';
export { BATCH_SIZE, EXPIRED_GRACE_MS, OUTBOX_RETENTION_MS, THROTTLE_IDLE_MS, TOKEN_ID_GRACE_MS } from './retention.js';
export { RULES, type HousekeepingContext, type PruneRule } from './rules.js';
export { BACKLOG_DELAY_MS, housekeepingPlugin, HOUSEKEEPING_INTERVAL_MS, startHousekeeping, type Housekeeping, type HousekeepingOptions } from './scheduler.js';
