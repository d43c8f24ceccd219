/**
 * Row-level helpers for Temporary Access Passes that must run inside a transaction: serialising
 * issues for one user (so "at most one live pass" holds under concurrency) and revoking live
 * passes.
 *
 * @module
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DialectName } from '../db/dialect.js';

/**
 * Locks the active user's row for the rest of the transaction and says whether it exists.
 * PostgreSQL needs `FOR UPDATE`; SQLite runs one write transaction at a time already.
 */
export async function lockUser(trx: Transaction<Database>, dialect: DialectName, tenantId: string, userId: string): Promise<boolean> {
  let query = trx.selectFrom('users').select('id').where('tenant_id', '=', tenantId).where('id', '=', userId).where('status', '=', 'active');
  if (dialect === 'postgres') query = query.forUpdate();
  return (await query.executeTakeFirst()) !== undefined;
}

/** Revokes every live (unrevoked, unexpired) pass of the user; returns how many. */
export async function revokeLiveTaps(trx: Kysely<Database>, tenantId: string, userId: string, now: number): Promise<number> {
  const result = await trx.updateTable('taps').set({ revoked_at: now })
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('revoked_at', 'is', null).where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
