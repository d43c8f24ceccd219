import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateToLatest } from './migrate.js';
import { forEachDialect } from './test-support/dialects.js';

forEachDialect('migrations', (get, dialect) => {
  it('creates every table and reads bigint times back as numbers', async () => {
    const { db } = get();
    await db.insertInto('tenants').values({ id: 't1', name: 'Example', domains: '[]', policy: '{}', created_at: 1_764_000_000_123 }).execute();
    const row = await db.selectFrom('tenants').selectAll().where('id', '=', 't1').executeTakeFirstOrThrow();
    expect(row.created_at).toBe(1_764_000_000_123);
    const audit = await db.insertInto('audit_log').values({ tenant_id: 't1', at: 1, action: 'x', actor_user_id: null, target_user_id: null, ip: null, detail: '{}' }).returning('seq').executeTakeFirstOrThrow();
    expect(typeof audit.seq).toBe('number');
  });

  it('is idempotent: a second run applies nothing', async () => {
    const { db } = get();
    expect(await migrateToLatest(db, dialect)).toEqual([]);
    const n = await sql<{ n: number }>`select count(*) as n from schema_migrations`.execute(db);
    expect(Number(n.rows[0]?.n)).toBeGreaterThan(0);
  });
});

