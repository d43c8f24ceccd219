/**
 * Opens the database named by the configuration: a SQLite file (the default, in the data
 * folder) or PostgreSQL (`postgres://…`). Both go through Kysely, so the rest of the server
 * writes each query once.
 *
 * SQLite runs in WAL mode with `synchronous` from the config (FULL by default: an accepted
 * TOTP step or an audit line survives power loss), `foreign_keys=ON` and a busy timeout so
 * concurrent writers queue instead of failing. PostgreSQL's `bigint` columns are read back as
 * numbers: they hold milliseconds and counters, far below 2^53.
 *
 * @module
 */
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DialectName } from './dialect.js';
import type { Database } from './schema.js';
import { cachingStatements } from './statement-cache.js';

/** An open database and how to close it. */
export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  close(): Promise<void>;
}

/** Options for {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** `postgres://…`/`postgresql://…`, or a SQLite file path (optionally prefixed `sqlite:`). */
  readonly url: string;
  /** SQLite `synchronous` pragma. */
  readonly sqliteSync?: 'full' | 'normal';
  /** PostgreSQL pool size. */
  readonly poolSize?: number;
}

const INT8_OID = pg.types.builtins.INT8;
pg.types.setTypeParser(INT8_OID, (value: string) => Number(value));

/** Whether a database URL names PostgreSQL. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Opens (without migrating) the database at `url`. */
export function openDatabase(options: OpenDatabaseOptions): DatabaseHandle {
  if (isPostgresUrl(options.url)) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle connection the server drops (restart, failover, a dropped test database) is
    // discarded by the pool and replaced on next use; without a listener it would crash the process.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const file = options.url.replace(/^sqlite:/i, '');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.sqliteSync === 'normal' ? 'NORMAL' : 'FULL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}
