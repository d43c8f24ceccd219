/**
 * Migration 004: what the OIDC provider needs beyond its own payload store.
 * - `oidc_grant_sessions` ties every OIDC grant to the Tessera session that approved it, so
 *   ending the session (sign-out, "revoke sessions", MFA reset) kills the grant's access tokens
 *   as bearers at once, and MFA reset can find every grant of a user within their tenant.
 * - `oidc_keys` holds the provider's signing keys and cookie keys, sealed with the seal key, so
 *   restarts and several instances sign and verify with the same keys.
 *
 * @module
 */
import type { Kysely } from 'kysely';
import { int64, type DialectName } from '../dialect.js';

/** Creates the OIDC link and key tables. */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const big = int64(dialect);
  await db.schema.createTable('oidc_grant_sessions')
    .addColumn('grant_id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oidc_grant_sessions_user').on('oidc_grant_sessions').columns(['tenant_id', 'user_id']).execute();
  await db.schema.createTable('oidc_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
}
