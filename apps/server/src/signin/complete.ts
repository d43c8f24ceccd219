/**
 * Finishing a sign-in: the session is always new (rotation — a session cookie the browser
 * already had is revoked, never upgraded, so a planted or stolen pre-sign-in cookie is worth
 * nothing), the event is audited, and the browser goes on to its OIDC interaction or to its own
 * page.
 *
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/record.js';
import { createSession, revokeSession, type AuthMethodRef } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import { interactionPath } from '../oidc/provider.js';
import { html, type SafeHtml } from '../pages/html.js';
import { page, sendPage } from '../pages/layout.js';
import { markInteractionSignIn } from './attempts.js';
import { continueAsGuest } from './guest.js';
import { clearSessionCookie, cookieSession, setSessionCookie } from './session-cookie.js';

/** Who signed in and how. */
export interface CompletedSignIn {
  readonly tenantId: string;
  readonly userId: string;
  readonly amr: readonly AuthMethodRef[];
  readonly tapId?: string;
  readonly notAfter?: number;
  readonly interactionUid: string | null;
  /** The attempt (password, then second factor) this sign-in finishes; a guest continuation hangs on it. */
  readonly attemptId?: string;
}

/**
 * The page that sends the browser on to the app. Not a redirect: browsers apply the sign-in
 * form's CSP `form-action 'self'` to every redirect that follows a form post, and the way back
 * to the app ends at the app's own origin. A navigation started by the page itself (an
 * immediate meta refresh, or the link for anyone who has refresh turned off) is not a form
 * submission, so the strict CSP stays as it is.
 */
export function continuePage(path: string): SafeHtml {
  return page({
    title: 'Signed in',
    continueTo: path,
    body: html`<p class="notice" role="status">You are signed in.</p>
<p><a class="button" href="${path}">Continue to the app</a></p>`,
  });
}

/** Ends the browser's current session, if any (sign-out, or rotation at sign-in). */
export async function endBrowserSession(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const previous = await cookieSession(ctx, request);
  if (previous !== undefined) await revokeSession(ctx, previous.id);
  clearSessionCookie(ctx, reply);
}

/** Creates the new session, sets its cookie, audits, and redirects onwards. */
export async function completeSignIn(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply, signedIn: CompletedSignIn): Promise<FastifyReply> {
  // A home sign-in on its way to the organisation the person is a guest of goes on there.
  const guest = await continueAsGuest(ctx, reply, signedIn);
  if (guest?.kind === 'redirect') return reply.redirect(guest.to, 303);
  const done = guest?.done ?? signedIn;
  await endBrowserSession(ctx, request, reply);
  const { token, session } = await createSession(ctx, {
    tenantId: done.tenantId, userId: done.userId, amr: done.amr, tapId: done.tapId ?? null,
    ...(done.notAfter === undefined ? {} : { notAfter: done.notAfter }),
    ip: request.ip, userAgent: request.headers['user-agent'] ?? null,
  });
  setSessionCookie(ctx, reply, token, session.expiresAt);
  await recordAudit(ctx, {
    tenantId: done.tenantId, action: 'sign_in.success', actorUserId: done.userId, targetUserId: done.userId, ip: request.ip,
    detail: { amr: done.amr, tap: done.tapId !== undefined, oidc: done.interactionUid !== null },
  });
  // A TAP sign-in carries an interaction only for the CLI's device flow (the TAP route checks,
  // and the interaction checks again); its tokens may then only register methods.
  if (done.interactionUid !== null) {
    await markInteractionSignIn(ctx, { tenantId: done.tenantId, userId: done.userId, interactionUid: done.interactionUid });
    return sendPage(reply, continuePage(interactionPath(done.interactionUid)));
  }
  return reply.redirect('/me', 303);
}
