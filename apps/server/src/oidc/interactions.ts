/**
 * The provider's interactions (`/interaction/:uid`): where an app's sign-in request, or a device
 * code the user typed, meets Tessera's own sign-in. A browser with a live full session (and no
 * demand for a fresh sign-in: `prompt=login` or `max_age`) goes straight through; otherwise it
 * signs in first and comes back with a fresh-sign-in marker. Either way the result is a new grant
 * tied to that session — never a reused one — so the app's tokens live only as long as the
 * session. A Temporary Access Pass session completes only the CLI's device flow (see
 * `tap-interaction.ts`): its tokens then do what the TAP session may, register methods.
 *
 * @module
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { InteractionDetails, Provider } from 'oidc-provider';
import type { Session } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import { HTTP_STATUS } from '../errors.js';
import { html } from '../pages/html.js';
import { page, sendPage } from '../pages/layout.js';
import { takeInteractionSignIn } from '../signin/attempts.js';
import { domainHintOf, sessionFitsHint, signInPathFor } from '../signin/guest.js';
import { cookieSession } from '../signin/session-cookie.js';
import { createLinkedGrant } from './grants.js';
import { tapMayComplete } from './tap-interaction.js';

function wantsFreshSignIn(details: InteractionDetails): boolean {
  const prompt = details.params['prompt'];
  const promptLogin = typeof prompt === 'string' && prompt.split(' ').includes('login');
  return promptLogin || details.params['max_age'] !== undefined || details.prompt.reasons.includes('max_age');
}

async function finish(ctx: ServerContext, provider: Provider, request: FastifyRequest, reply: FastifyReply, details: InteractionDetails, session: Session): Promise<FastifyReply> {
  const clientId = String(details.params['client_id']);
  const scope = typeof details.params['scope'] === 'string' ? details.params['scope'] : 'openid';
  const missingClaims = details.prompt.details['missingOIDCClaims'];
  const grantId = await createLinkedGrant(ctx, provider, {
    session, clientId, scope, claims: Array.isArray(missingClaims) ? missingClaims.filter((c): c is string => typeof c === 'string') : [],
  });
  const result = {
    login: { accountId: session.userId, amr: [...session.amr], ts: Math.floor(session.authTime / 1000), remember: false },
    consent: { grantId },
  };
  const returnTo = await provider.interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: false });
  return reply.redirect(returnTo, 303);
}

function expired(reply: FastifyReply): FastifyReply {
  return sendPage(reply, page({
    title: 'Sign-in request expired',
    errors: ['This sign-in request has expired or was already used.'],
    body: html`<p>Go back to the app or device you came from and start again.</p>`,
  }), HTTP_STATUS.ERR_BAD_REQUEST);
}

/** Registers `GET /interaction/:uid`. */
export function registerInteractions(ctx: ServerContext, app: FastifyInstance, provider: Provider): void {
  app.get('/interaction/:uid', {
    schema: { params: { type: 'object', properties: { uid: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } }, required: ['uid'], additionalProperties: false } },
  }, async (request, reply) => {
    let details: InteractionDetails;
    try {
      details = await provider.interactionDetails(request.raw, reply.raw);
    } catch {
      return expired(reply);
    }
    const { uid } = request.params as { uid: string };
    if (details.uid !== uid) return expired(reply);
    const session = await cookieSession(ctx, request);
    const hint = domainHintOf(details.params);
    const allowed = session !== undefined && (session.tapId === null || tapMayComplete(details));
    if (allowed && await sessionFitsHint(ctx, session, hint)) {
      const fresh = await takeInteractionSignIn(ctx, { tenantId: session.tenantId, userId: session.userId, interactionUid: uid });
      if (fresh || !wantsFreshSignIn(details)) return finish(ctx, provider, request, reply, details, session);
    }
    return reply.redirect(signInPathFor(uid, hint), 303);
  });
}
