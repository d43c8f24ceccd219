/**
 * Hand-written statements for the few queries on a hot path (resolving the caller of every API
 * request, step-up TOTP verification). Building a query with Kysely's builder and compiling it
 * costs tens of microseconds per statement — it showed up across the server's CPU profile under
 * load — while the text of these queries never changes. A hot query is therefore written once
 * as SQL with `?` placeholders, turned into PostgreSQL's `$1, $2, …` once at load time, and run
 * as a compiled query with its parameters (on SQLite the statement cache then prepares it once).
 *
 * Only plain, portable SQL goes here (no dialect-specific functions), so one text serves both
 * databases; each hot query lives in a small module beside its capability, and says why.
 *
 * @module
 */
import { CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { DialectName } from './dialect.js';

/** One statement, in both dialects' placeholder styles. */
export interface HotQuery {
  readonly sqlite: string;
  readonly postgres: string;
}

/**
 * Prepares `text` (with `?` placeholders, none inside string literals) for both dialects.
 *
 * @example
 * ```ts
 * const BY_ID = hotQuery('SELECT name FROM tenants WHERE id = ?');
 * ```
 */
export function hotQuery(text: string): HotQuery {
  const sqlite = text.replace(/\s+/g, ' ').trim();
  let n = 0;
  return { sqlite, postgres: sqlite.replace(/\?/g, () => `$${String(++n)}`) };
}

/**
 * Runs `query` with `parameters` on `db` (a database or a transaction).
 *
 * @example
 * ```ts
 * const { rows } = await runHot<{ name: string }>(ctx.db, ctx.dialect, BY_ID, [tenantId]);
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw SQL runs on any schema
export function runHot<R>(db: Kysely<any>, dialect: DialectName, query: HotQuery, parameters: readonly unknown[]): Promise<QueryResult<R>> {
  return db.executeQuery<R>(CompiledQuery.raw(dialect === 'postgres' ? query.postgres : query.sqlite, [...parameters]));
}

/** How many rows an UPDATE/INSERT/DELETE run with {@link runHot} changed. */
export function changedRows(result: QueryResult<unknown>): number {
  return Number(result.numAffectedRows ?? 0n);
}
