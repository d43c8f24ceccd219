/**
 * Numbered migrations, run in order at start-up by every instance. Kysely's migrator takes a
 * lock (a row lock on PostgreSQL), so instances starting together run each migration once.
 * A failed migration rolls back its transaction where the dialect allows, and the server refuses
 * to start rather than run on a half-migrated schema.
 *
 * @module
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DialectName } from './dialect.js';
import * as m001 from './migrations/001-directory.js';
import * as m002 from './migrations/002-audit-append-only.js';
import * as m003 from './migrations/003-method-verification.js';
import * as m004 from './migrations/004-oidc.js';
import * as m005 from './migrations/005-devices.js';
import * as m006 from './migrations/006-reauthentication.js';
import * as m007 from './migrations/007-guests.js';
import * as m008 from './migrations/008-housekeeping.js';

interface DialectMigration {
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

/** Every migration, by name; names sort in the order they run. Never rename or edit one that shipped. */
const MIGRATIONS: Readonly<Record<string, DialectMigration>> = {
  '001-directory': m001,
  '002-audit-append-only': m002,
  '003-method-verification': m003,
  '004-oidc': m004,
  '005-devices': m005,
  '006-reauthentication': m006,
  '007-guests': m007,
  '008-housekeeping': m008,
};

class InCodeProvider implements MigrationProvider {
  private readonly dialect: DialectName;
  constructor(dialect: DialectName) {
    this.dialect = dialect;
  }
  getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, migration] of Object.entries(MIGRATIONS)) {
      out[name] = { up: (db) => migration.up(db, this.dialect) };
    }
    return Promise.resolve(out);
  }
}

/** Brings the schema up to date; throws (with the failing migration's error as cause) on failure. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>, dialect: DialectName): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new InCodeProvider(dialect), migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
