/**
 * OIDC access tokens as Tessera bearers. The CLI signs in with the device flow and then calls
 * the Tessera API with its access token; that token is honoured exactly as long as the Tessera
 * session that approved its grant lives (sign-out, idle or absolute timeout, "revoke sessions"
 * and MFA reset all end it at once). Only tokens issued to the Tessera CLI act on the Tessera
 * API: a token some other app obtained for its own use never lets that app manage the user's
 * sign-in methods.
 *
 * The token is looked up in the provider's store directly (opaque tokens are stored under their
 * own value), so this path needs no provider instance.
 *
 * @module
 */
import { findSessionById, type Session } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import { CLI_CLIENT_ID } from './clients.js';
import { grantSessionId } from './grants.js';

/** The Tessera session behind a live access token issued to the CLI, or undefined. */
export async function sessionForAccessToken(ctx: Pick<ServerContext, 'db' | 'now' | 'config'>, token: string): Promise<Session | undefined> {
  if (!/^[A-Za-z0-9_-]{32,128}$/.test(token)) return undefined;
  const row = await ctx.db.selectFrom('oidc_payloads').select(['payload', 'grant_id', 'expires_at'])
    .where('model', '=', 'AccessToken').where('id', '=', token).executeTakeFirst();
  if (row?.grant_id === null || row === undefined) return undefined;
  if (row.expires_at !== null && row.expires_at <= ctx.now()) return undefined;
  const payload = JSON.parse(row.payload) as { clientId?: unknown; accountId?: unknown };
  if (payload.clientId !== CLI_CLIENT_ID) return undefined;
  const link = await grantSessionId(ctx, row.grant_id);
  if (link === undefined || link.userId !== payload.accountId || link.clientId !== CLI_CLIENT_ID) return undefined;
  const session = await findSessionById(ctx, link.sessionId);
  if (session?.userId !== link.userId || session.tenantId !== link.tenantId) return undefined;
  return session;
}
