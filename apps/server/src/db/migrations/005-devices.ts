/**
 * Migration 005: authenticator devices and push approval with number matching.
 * - `devices` holds each authenticator's P-256 public key and its RFC 7638 thumbprint — never a
 *   shared secret (security.md S18). Revoked devices keep their row (`revoked_at`), so the
 *   record of every authenticator ever bound survives (S26) and a lost key cannot be
 *   registered again for the same user.
 * - `device_token_uses` remembers the `jti` of every device token until it expires, which makes
 *   each token single use.
 * - `push_approvals` are the pushes: bound to one sign-in attempt, with the number shown on the
 *   sign-in page, a random nonce the device signs over, and a digest of the bearer token the
 *   sign-in page waits with.
 * - `push_locks` marks accounts whose user answered "this wasn't me": no pushes until an admin
 *   unlocks.
 *
 * @module
 */
import type { Kysely } from 'kysely';
import { int64, type DialectName } from '../dialect.js';

/** Creates the device and push tables. */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const big = int64(dialect);
  await db.schema.createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('thumbprint', 'text', (c) => c.notNull())
    .addColumn('registered_with_tap', 'integer', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('last_seen_at', big)
    .addColumn('revoked_at', big)
    .addUniqueConstraint('devices_user_thumbprint', ['user_id', 'thumbprint'])
    .execute();
  await db.schema.createIndex('devices_tenant_user').on('devices').columns(['tenant_id', 'user_id']).execute();
  await db.schema.createTable('device_token_uses')
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
    .addColumn('jti', 'text', (c) => c.notNull())
    .addColumn('expires_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('device_token_uses_pk', ['device_id', 'jti'])
    .execute();
  await db.schema.createIndex('device_token_uses_expiry').on('device_token_uses').columns(['expires_at']).execute();
  await db.schema.createTable('push_approvals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('sign_in_attempt_id', 'text', (c) => c.notNull())
    .addColumn('wait_token_hash', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('app', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('expires_at', big, (c) => c.notNull())
    .addColumn('decided_at', big)
    .addColumn('consumed_at', big)
    .execute();
  await db.schema.createIndex('push_approvals_user').on('push_approvals').columns(['tenant_id', 'user_id', 'created_at']).execute();
  await db.schema.createTable('push_locks')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('approval_id', 'text', (c) => c.notNull())
    .addColumn('locked_at', big, (c) => c.notNull())
    .execute();
}
