/**
 * Migration 008: indexes for housekeeping (`housekeeping/`). Every prune deletes a bounded batch
 * chosen by a time predicate; without these indexes each batch would scan its whole table, and
 * the tables that most need pruning (the sign-in throttle, sessions, OIDC payloads) are the
 * largest. `device_token_uses` has had its `expires_at` index since migration 005; the setup
 * token table holds a handful of rows and needs none.
 *
 * @module
 */
import type { Kysely } from 'kysely';

/** Creates one time index per pruned table. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('throttle_last_failure').on('throttle').columns(['last_failure_at']).execute();
  await db.schema.createIndex('sessions_expiry').on('sessions').columns(['expires_at']).execute();
  await db.schema.createIndex('sign_in_attempts_expiry').on('sign_in_attempts').columns(['expires_at']).execute();
  await db.schema.createIndex('one_time_codes_expiry').on('one_time_codes').columns(['expires_at']).execute();
  await db.schema.createIndex('taps_expiry').on('taps').columns(['expires_at']).execute();
  await db.schema.createIndex('push_approvals_expiry').on('push_approvals').columns(['expires_at']).execute();
  await db.schema.createIndex('guest_sign_ins_expiry').on('guest_sign_ins').columns(['expires_at']).execute();
  await db.schema.createIndex('oidc_payloads_expiry').on('oidc_payloads').columns(['expires_at']).execute();
  await db.schema.createIndex('oidc_grant_sessions_created').on('oidc_grant_sessions').columns(['created_at']).execute();
  await db.schema.createIndex('outbox_created').on('outbox').columns(['created_at']).execute();
}
