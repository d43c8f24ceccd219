/**
 * Runs a suite on both databases: a fresh SQLite file and a fresh PostgreSQL database, each
 * migrated to the latest schema. PostgreSQL comes from `TESSERA_TEST_PG_URL` (default: the
 * local server over its Unix socket, as `.ci/run` starts it). In CI a missing PostgreSQL fails
 * the run; elsewhere its half of the suite is skipped with a note, so a laptop without it can
 * still run the SQLite half.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../connect.js';
import type { DialectName } from '../dialect.js';
import { migrateToLatest } from '../migrate.js';

/** Admin URL of the test PostgreSQL server (a database we may create others from). */
export const TEST_PG_URL = process.env['TESSERA_TEST_PG_URL'] ?? 'postgres://root@localhost/postgres?host=/var/run/postgresql';

let pgAvailable: boolean | undefined;

/**
 * Whether the test PostgreSQL answers. Decided synchronously (a child process tries to connect)
 * because suites are declared synchronously; cached per test file.
 */
export function postgresAvailable(): boolean {
  if (pgAvailable !== undefined) return pgAvailable;
  const probe = `import pg from 'pg'; const c = new pg.Client({ connectionString: process.argv[1], connectionTimeoutMillis: 2000 });
    c.connect().then(() => c.query('select 1')).then(() => process.exit(0), () => process.exit(1));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', probe, TEST_PG_URL], { cwd: import.meta.dirname, timeout: 10_000 });
  pgAvailable = result.status === 0;
  if (!pgAvailable && process.env['CI'] !== undefined) throw new Error(`PostgreSQL is required in CI but ${TEST_PG_URL} did not answer`);
  return pgAvailable;
}

/** A migrated, empty database of the given dialect, plus its URL (for a second connection or process). */
export interface TestDatabase extends DatabaseHandle {
  readonly url: string;
}

/** Creates a fresh migrated database; `drop()` removes it. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase & { drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-server-'));
    const url = join(dir, 'test.db');
    const handle = openDatabase({ url, sqliteSync: 'normal' });
    await migrateToLatest(handle.db, 'sqlite');
    return { ...handle, url, drop: async () => { await handle.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const name = `tessera_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const base = new URL(TEST_PG_URL);
  base.pathname = `/${name}`;
  const url = base.toString();
  const handle = openDatabase({ url, poolSize: 20 });
  await migrateToLatest(handle.db, 'postgres');
  return {
    ...handle,
    url,
    drop: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * `describe` once per dialect. `get()` returns the suite's database inside tests and hooks.
 *
 * @example
 * forEachDialect('users', (get) => {
 *   it('creates a user', async () => { const { db } = get(); … });
 * });
 */
export function forEachDialect(name: string, body: (get: () => TestDatabase, dialect: DialectName) => void): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const available = dialect === 'sqlite' || postgresAvailable();
    describe.skipIf(!available)(`${name} [${dialect}]`, () => {
      let database: (TestDatabase & { drop(): Promise<void> }) | undefined;
      const skip = dialect === 'postgres' && !postgresAvailable();
      beforeAll(async () => {
        if (skip) return;
        database = await createTestDatabase(dialect);
      });
      afterAll(async () => {
        if (database !== undefined) await database.drop();
      });
      body(() => {
        if (skip || database === undefined) throw new Error(`${dialect} test database is not available`);
        return database;
      }, dialect);
    });
  }
}
