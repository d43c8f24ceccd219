/**
 * Migration 003: a second factor is usable only once it has been proven. Email and SMS methods
 * start pending and become usable when a code sent to them comes back; `verified_at` records
 * when. Methods that existed before this column could only have been added whole, so they count
 * as verified from their creation.
 *
 * @module
 */
import { sql, type Kysely } from 'kysely';
import { int64, type DialectName } from '../dialect.js';

/** Adds `methods.verified_at`. */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema.alterTable('methods').addColumn('verified_at', int64(dialect)).execute();
  await sql`update methods set verified_at = created_at`.execute(db);
  await db.schema.createIndex('one_time_codes_method').on('one_time_codes').columns(['method_id', 'created_at']).execute();
}
