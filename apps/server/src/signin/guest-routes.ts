/**
 * `GET/POST /signin/guest-tap?tenant=<domain of R>` (and `&interaction=` when the sign-in is for an
 * OIDC interaction): a guest's first visit to R, when R asks for
 * its own second factor and the guest has none there yet. The person proves their home account
 * with its password; R's Temporary Access Pass, issued by R's admins to the guest's R account,
 * stands in for R's second factor. The result is a session in R that may only register R
 * methods (like any TAP session), ending with the pass. As with a pass at home (`/signin/tap`),
 * the sign-in goes on to its OIDC interaction only when that is the CLI's device flow
 * (`tap-interaction.ts`); a web app's sign-in lands on `/me` instead. Every failure — wrong
 * password, not a guest of R, wrong or used pass — is the one generic sign-in failure, and the
 * form shown again keeps the tenant hint and the interaction.
 *
 * @module
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/record.js';
import type { ServerContext } from '../context.js';
import { HTTP_STATUS } from '../errors.js';
import { redeemTap } from '../factors/index.js';
import { tapInteraction } from '../oidc/tap-interaction.js';
import { csrfPreHandler, csrfToken } from '../http/csrf.js';
import { sendPage } from '../pages/layout.js';
import { recordFailure, recordSuccess } from '../throttle/index.js';
import { normaliseEmail } from '../users/index.js';
import { completeSignIn } from './complete.js';
import { INTERACTION_UID, resolveGuestTarget, TENANT_HINT } from './guest.js';
import { guestTapPage } from './guest-views.js';
import { checkPassword, LIMITS } from './steps.js';
import { throttledOr } from './throttled.js';
import { SIGN_IN_FAILED_MESSAGE } from './views.js';

interface GuestTapForm { email?: string; password?: string; pass?: string; tenant: string; interaction?: string }
interface GuestTapQuery { tenant: string; interaction?: string }

const bodySchema = {
  type: 'object', additionalProperties: false, required: ['tenant'],
  properties: {
    csrf: { type: 'string', maxLength: 128 }, tenant: TENANT_HINT, interaction: INTERACTION_UID,
    email: { type: 'string', maxLength: LIMITS.email }, password: { type: 'string', maxLength: LIMITS.password }, pass: { type: 'string', maxLength: LIMITS.pass },
  },
} as const;
const querySchema = { type: 'object', additionalProperties: false, required: ['tenant'], properties: { tenant: TENANT_HINT, interaction: INTERACTION_UID } } as const;

function failed(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply, form: GuestTapForm): FastifyReply {
  return sendPage(reply, guestTapPage(csrfToken(ctx, request, reply), { tenant: form.tenant, interaction: form.interaction, errors: [SIGN_IN_FAILED_MESSAGE] }), HTTP_STATUS.ERR_SIGN_IN_FAILED);
}

async function signInWithGuestTap(ctx: ServerContext, request: FastifyRequest<{ Body: GuestTapForm }>, reply: FastifyReply): Promise<FastifyReply> {
  const body = request.body;
  const home = await checkPassword(ctx, { email: body.email ?? '', password: body.password ?? '', ip: request.ip });
  if (!home.ok) return failed(ctx, request, reply, body);
  const subject = normaliseEmail(body.email ?? '');
  const target = await resolveGuestTarget(ctx, body.tenant, { tenantId: home.tenantId, userId: home.userId, email: subject, ip: request.ip });
  if (target.kind !== 'guest') return failed(ctx, request, reply, body);
  const tap = await redeemTap(ctx, { tenantId: target.tenantId, userId: target.userId, pass: body.pass ?? '', ip: request.ip });
  if (tap === undefined) {
    await recordFailure(ctx, subject);
    await recordAudit(ctx, { tenantId: target.tenantId, action: 'sign_in.failure', actorUserId: target.userId, targetUserId: target.userId, ip: request.ip, detail: { reason: 'tap', guest: true } });
    return failed(ctx, request, reply, body);
  }
  await recordSuccess(ctx, subject);
  // Only the CLI's device flow goes on with a pass; a web app's sign-in lands on /me instead.
  const interactionUid = await tapInteraction(ctx, body.interaction);
  return completeSignIn(ctx, request, reply, { tenantId: target.tenantId, userId: target.userId, amr: ['pwd', 'tap'], tapId: tap.tapId, notAfter: tap.expiresAt, interactionUid });
}

/** Registers the guest TAP sign-in page. */
export function guestSignInRoutes(ctx: ServerContext): FastifyPluginAsync {
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async functions
  return async (app) => {
    app.get<{ Querystring: GuestTapQuery }>('/signin/guest-tap', { schema: { querystring: querySchema } }, (request, reply) =>
      sendPage(reply, guestTapPage(csrfToken(ctx, request, reply), { tenant: request.query.tenant, interaction: request.query.interaction })));

    app.post<{ Body: GuestTapForm }>('/signin/guest-tap', { schema: { body: bodySchema }, preHandler: csrfPreHandler(ctx) }, (request, reply) =>
      throttledOr(reply, () => signInWithGuestTap(ctx, request, reply), (message) =>
        guestTapPage(csrfToken(ctx, request, reply), { tenant: request.body.tenant, interaction: request.body.interaction, errors: [message] })));
  };
}
