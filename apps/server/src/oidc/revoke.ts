/**
 * Revoking a user's OIDC grants (MFA reset, "require re-registration"): every grant the user
 * approved in their tenant is deleted together with every authorization code, access token,
 * refresh token and device code issued under it, so apps and the CLI must sign the user in
 * again. Tenant-scoped like every other query.
 *
 * @module
 */
import type { Kysely } from 'kysely';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../tenants/tenants.js';

/**
 * Removes every OIDC grant of `userId` in `tenantId` and everything issued under them; returns how
 * many grants. Given a transaction as `db` (an MFA reset), the deletes commit with it.
 */
export async function revokeUserGrants(ctx: Pick<ServerContext, 'db'>, tenantId: string, userId: string, db: Kysely<Database> = ctx.db): Promise<number> {
  return inTransaction(db, async (trx) => {
    const rows = await trx.selectFrom('oidc_grant_sessions').select('grant_id')
      .where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
    const grantIds = rows.map((r) => r.grant_id);
    if (grantIds.length === 0) return 0;
    await trx.deleteFrom('oidc_payloads').where('grant_id', 'in', grantIds).execute();
    await trx.deleteFrom('oidc_payloads').where('model', '=', 'Grant').where('id', 'in', grantIds).execute();
    await trx.deleteFrom('oidc_grant_sessions').where('tenant_id', '=', tenantId).where('grant_id', 'in', grantIds).execute();
    return grantIds.length;
  });
}
