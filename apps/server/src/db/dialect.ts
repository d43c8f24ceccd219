/**
 * The two SQL dialects the server runs on, and the few column types that differ between them.
 *
 * @module
 */
import type { ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';

/** Which database is behind a `Kysely` instance. */
export type DialectName = 'sqlite' | 'postgres';

/** A 64-bit integer column (milliseconds, counters, steps): `bigint` on PostgreSQL. */
export function int64(dialect: DialectName): 'integer' | 'bigint' {
  return dialect === 'postgres' ? 'bigint' : 'integer';
}

/** Adds an auto-incrementing integer primary key named `name`. */
export function withSequence<T extends string>(
  table: CreateTableBuilder<T>,
  dialect: DialectName,
  name: string,
): CreateTableBuilder<T> {
  return dialect === 'postgres'
    ? table.addColumn(name, 'bigserial', (c: ColumnDefinitionBuilder) => c.primaryKey())
    : table.addColumn(name, 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement());
}
