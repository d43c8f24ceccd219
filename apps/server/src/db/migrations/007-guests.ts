/**
 * Migration 007: guests across organisations.
 * - `guests` links a user row of the resource tenant (the guest's own account there, with no
 *   password) to the home account it signs in through (home tenant id + home user id). The row
 *   goes when the guest's user row goes.
 * - `cross_tenant_trust` holds, per (resource tenant, home tenant), whether the resource tenant
 *   accepts the home tenant's MFA. No row means no trust: off by default.
 * - `guest_sign_ins` remembers, for a sign-in in progress at the home tenant, which resource
 *   tenant it is on its way to. It is keyed by the sign-in attempt's id, so it lives exactly as
 *   long as the attempt's cookie is worth anything, and is consumed when the home step ends.
 *
 * @module
 */
import type { Kysely } from 'kysely';
import { int64, type DialectName } from '../dialect.js';

/** Creates the guest tables. */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const big = int64(dialect);
  await db.schema.createTable('guests')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('home_tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('home_user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('invited_by', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .addUniqueConstraint('guests_tenant_home_user', ['tenant_id', 'home_user_id'])
    .execute();
  await db.schema.createIndex('guests_home_user').on('guests').columns(['home_tenant_id', 'home_user_id']).execute();
  await db.schema.createTable('cross_tenant_trust')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('home_tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('trust_home_mfa', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('cross_tenant_trust_pk', ['tenant_id', 'home_tenant_id'])
    .execute();
  await db.schema.createTable('guest_sign_ins')
    .addColumn('attempt_id', 'text', (c) => c.primaryKey())
    .addColumn('home_tenant_id', 'text', (c) => c.notNull())
    .addColumn('home_user_id', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('guest_user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('expires_at', big, (c) => c.notNull())
    .execute();
}
