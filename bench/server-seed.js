// Seeding for the server benchmark: a tenant and many users, written straight into the database
// through the server's own built modules (schema migrations, seal format, token digests), in
// batches inside one transaction — creating users one by one through the API would take longer
// than the benchmark. Each user gets a TOTP method whose seed is sealed exactly as enrolment
// seals it, and optionally a live full session (for step-up) and a password hash (for sign-in).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase } from '../apps/server/dist/db/connect.js';
import { migrateToLatest } from '../apps/server/dist/db/migrate.js';
import { sealSecret } from '../apps/server/dist/crypto/seal.js';
import { hashToken, newId, randomToken } from '../apps/server/dist/crypto/tokens.js';
import { totpSeedAad } from '../apps/server/dist/factors/totp.js';

/** @typedef {{ id: string, email: string, methodId: string, seed: Buffer, token: string | undefined, next: number }} BenchUser */

const BATCH = 500;

/**
 * Inserts `rows` into `table` in batches.
 *
 * @param {import('kysely').Kysely<any>} db
 * @param {string} table
 * @param {Record<string, unknown>[]} rows
 */
async function insertAll(db, table, rows) {
  for (let i = 0; i < rows.length; i += BATCH) await db.insertInto(table).values(rows.slice(i, i + BATCH)).execute();
}

/**
 * Migrates the database at `url` and fills it with one tenant and `count` users.
 *
 * @param {{ url: string, sealKey: Uint8Array, count: number, sessions: boolean, passwordHash?: string | null }} options
 * @returns {Promise<{ tenantId: string, domain: string, users: BenchUser[] }>}
 */
export async function seedDirectory(options) {
  const handle = openDatabase({ url: options.url, sqliteSync: 'normal' });
  try {
    await migrateToLatest(handle.db, handle.dialect);
    const now = Date.now();
    const tenantId = newId();
    const domain = 'bench.example.test';
    /** @type {BenchUser[]} */
    const users = [];
    /** @type {Record<string, unknown>[]} */ const userRows = [];
    /** @type {Record<string, unknown>[]} */ const methodRows = [];
    /** @type {Record<string, unknown>[]} */ const sessionRows = [];
    for (let i = 0; i < options.count; i++) {
      const id = newId();
      const methodId = newId();
      const email = `user${i}@${domain}`;
      const seed = randomBytes(20);
      const token = options.sessions ? randomToken(32) : undefined;
      users.push({ id, email, methodId, seed, token, next: 0 });
      userRows.push({ id, tenant_id: tenantId, email, display_name: `User ${i}`, role: 'user', status: 'active', password_hash: options.passwordHash ?? null, created_at: now, updated_at: now });
      methodRows.push({
        id: methodId, tenant_id: tenantId, user_id: id, kind: 'totp', label: 'Authenticator app',
        secret_sealed: sealSecret(options.sealKey, new Uint8Array(seed), totpSeedAad(tenantId, methodId)), target: null,
        last_used_step: 0, registered_with_tap: 0, created_at: now, last_used_at: null, verified_at: now,
      });
      if (token !== undefined) {
        sessionRows.push({
          id: hashToken(token), tenant_id: tenantId, user_id: id, amr: '["pwd","otp","mfa"]', tap_id: null, created_at: now,
          last_seen_at: now, expires_at: now + 12 * 3_600_000, revoked_at: null, ip: null, user_agent: null, reauthenticated_at: null,
        });
      }
    }
    await handle.db.transaction().execute(async (trx) => {
      await trx.insertInto('tenants').values({ id: tenantId, name: 'Bench', domains: JSON.stringify([domain]), policy: '{}', created_at: now }).execute();
      await trx.insertInto('tenant_domains').values({ domain, tenant_id: tenantId }).execute();
      await insertAll(trx, 'users', userRows);
      await insertAll(trx, 'methods', methodRows);
      await insertAll(trx, 'sessions', sessionRows);
    });
    // Fresh statistics, as a database that grew to this size over time would have.
    if (handle.dialect === 'postgres') await sql`analyze`.execute(handle.db);
    return { tenantId, domain, users };
  } finally {
    await handle.close();
  }
}
