/**
 * Prepared statements for SQLite, compiled once per SQL text. Kysely's SQLite driver asks
 * better-sqlite3 to prepare every query it runs, and compiling SQL was the largest single cost
 * of a request on the hot path (a TOTP check runs about ten small statements). Kysely emits the
 * same text for the same query shape with the values as parameters, so a small cache keyed by
 * the text serves nearly every query; queries whose text varies (lists of values) simply fill
 * the cache, which starts over when full rather than grow without bound.
 *
 * A statement still being iterated (a streamed query) is never handed out twice: a fresh one
 * is prepared for the second user.
 *
 * @module
 */
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Most distinct statements kept. */
export const STATEMENT_CACHE_SIZE = 512;

/**
 * Wraps `sqlite` for Kysely's `SqliteDialect` so each SQL text is prepared once.
 *
 * @example
 * ```ts
 * new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(new SQLite(file)) }) });
 * ```
 */
export function cachingStatements(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => { cache.clear(); sqlite.close(); },
    prepare: (sql: string): SqliteStatement => {
      const cached = cache.get(sql);
      if (cached !== undefined && !cached.busy) return cached;
      const statement = sqlite.prepare(sql);
      if (cached === undefined) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
