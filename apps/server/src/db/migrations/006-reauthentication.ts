/**
 * Migration 006: step-up re-authentication. A signed-in user can prove a second factor again
 * (`POST /api/me/step-up`) instead of signing in anew before a sensitive action; the session
 * remembers when, so step-up checks (`maxAuthAgeMs`) measure from the later of sign-in and
 * re-authentication. Existing sessions have never re-authenticated: the column starts null.
 *
 * @module
 */
import type { Kysely } from 'kysely';
import { int64, type DialectName } from '../dialect.js';

/** Adds `sessions.reauthenticated_at`. */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('reauthenticated_at', int64(dialect)).execute();
}
