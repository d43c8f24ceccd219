/**
 * Signing out from an app (OIDC RP-initiated logout) signs the person out of Tessera too: when
 * they confirm "Sign out" on the provider's page, the Tessera session named by their browser's
 * cookie is revoked along with the provider's own session. "Stay signed in" only ends that one
 * app's grant, as the provider does by itself.
 *
 * @module
 */
import type { Provider } from 'oidc-provider';
import { SESSION_COOKIE } from '../auth/principal.js';
import { findSession, revokeSession } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';

interface LogoutContext {
  readonly req: { readonly headers: { readonly cookie?: string } };
  readonly oidc?: { readonly params?: Readonly<Record<string, unknown>> };
}

function sessionCookie(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

async function endTesseraSession(ctx: ServerContext, koa: LogoutContext): Promise<void> {
  if (koa.oidc?.params?.['logout'] === undefined) return;
  const token = sessionCookie(koa.req.headers.cookie);
  const session = token === undefined ? undefined : await findSession(ctx, token);
  if (session !== undefined) await revokeSession(ctx, session.id);
}

/** Revokes the browser's Tessera session whenever the provider completes a full sign-out. */
export function endSessionsOnLogout(ctx: ServerContext, provider: Provider): void {
  provider.on('end_session.success', (koa: unknown) => {
    endTesseraSession(ctx, koa as LogoutContext).catch((error: unknown) => {
      ctx.log.error({ error: error instanceof Error ? error.name : 'unknown' }, 'ending the Tessera session at sign-out failed');
    });
  });
}
