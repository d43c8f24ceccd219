/**
 * Grants and the sessions behind them. Every OIDC grant Tessera creates is recorded with the
 * Tessera session that approved it; an access token is honoured as a Tessera bearer only while
 * that session lives, and MFA reset removes every grant of the user (and with it every code and
 * token issued under it). Only a grant approved by a full session earns a refresh token: one
 * approved with a Temporary Access Pass yields nothing that outlives the pass.
 *
 * @module
 */
import type { Provider } from 'oidc-provider';
import type { Session } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';

/** Creates a grant of `scope` to `clientId` for the session's user and records which session approved it. */
export async function createLinkedGrant(ctx: Pick<ServerContext, 'db' | 'now'>, provider: Provider, input: { session: Session; clientId: string; scope: string; claims?: readonly string[] }): Promise<string> {
  const grant = new provider.Grant({ accountId: input.session.userId, clientId: input.clientId });
  if (input.scope !== '') grant.addOIDCScope(input.scope);
  if (input.claims !== undefined && input.claims.length > 0) grant.addOIDCClaims(input.claims);
  const grantId = await grant.save();
  await ctx.db.insertInto('oidc_grant_sessions').values({
    grant_id: grantId, tenant_id: input.session.tenantId, user_id: input.session.userId,
    session_id: input.session.id, client_id: input.clientId, created_at: ctx.now(),
  }).execute();
  return grantId;
}

/** The session that approved `grantId`, by id (the caller checks it is still live). */
export async function grantSessionId(ctx: Pick<ServerContext, 'db'>, grantId: string): Promise<{ sessionId: string; tenantId: string; userId: string; clientId: string } | undefined> {
  const row = await ctx.db.selectFrom('oidc_grant_sessions').select(['session_id', 'tenant_id', 'user_id', 'client_id'])
    .where('grant_id', '=', grantId).executeTakeFirst();
  return row === undefined ? undefined : { sessionId: row.session_id, tenantId: row.tenant_id, userId: row.user_id, clientId: row.client_id };
}

/**
 * Whether a refresh token may be issued under `grantId`: only when a full (non-TAP) session
 * approved it. A grant without a recorded session never gets one.
 */
export async function grantMayRefresh(ctx: Pick<ServerContext, 'db'>, grantId: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('oidc_grant_sessions as g')
    .innerJoin('sessions as s', (join) => join.onRef('s.id', '=', 'g.session_id').onRef('s.tenant_id', '=', 'g.tenant_id'))
    .select('s.tap_id').where('g.grant_id', '=', grantId).executeTakeFirst();
  return row?.tap_id === null;
}
