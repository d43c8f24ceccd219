/**
 * Listing a tenant's users for the admin API: exact email, a case-insensitive search in email
 * and display name, keyset pages ordered by email (stable while users are added).
 *
 * @module
 */
import { sql } from 'kysely';
import type { ServerContext } from '../context.js';
import { normaliseEmail } from './email.js';
import type { UserRow } from './users.js';

/** Filters and paging of {@link listUsers}. */
export interface UserQuery {
  readonly email?: string;
  readonly q?: string;
  readonly limit: number;
  /** The last email of the previous page. */
  readonly after?: string;
}

function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** One page of the tenant's users and the cursor of the next page, if there may be one. */
export async function listUsers(ctx: Pick<ServerContext, 'db'>, tenantId: string, query: UserQuery): Promise<{ users: UserRow[]; next: string | undefined }> {
  let select = ctx.db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId);
  if (query.email !== undefined) select = select.where('email', '=', normaliseEmail(query.email));
  if (query.q !== undefined && query.q !== '') {
    const pattern = likePattern(query.q);
    select = select.where((eb) => eb.or([
      eb(sql`lower(email)`, 'like', sql`${pattern} escape '\\'`),
      eb(sql`lower(display_name)`, 'like', sql`${pattern} escape '\\'`),
    ]));
  }
  if (query.after !== undefined) select = select.where('email', '>', query.after);
  const users = await select.orderBy('email').limit(query.limit).execute();
  const last = users.at(-1);
  return { users, next: users.length === query.limit && last !== undefined ? last.email : undefined };
}
