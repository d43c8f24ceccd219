/**
 * The push step of the sign-in pages (HTML, no JavaScript needed):
 * - `GET  /signin/factor/push` — shows the attempt's push, sending one when none was sent yet;
 * - `POST /signin/factor/push` — "Send a new request" (a fresh push and number);
 * - `GET  /signin/factor/push/status` (the page's meta refresh) and `POST` ("Check now") — look
 *   again: still waiting re-renders the page; approved spends the approval once and signs in
 *   with `amr` `['pwd', 'mfa', 'push']`; denied, reported, expired or already spent ends the
 *   attempt with the generic failure page, from which the person starts again.
 * A push that cannot be sent (`ERR_PUSH_CAPPED`, `ERR_PUSH_LOCKED`, `ERR_NO_DEVICE`) falls back
 * to the code page of another method, with a note saying why. Every POST checks CSRF first.
 *
 * @module
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
import { listDevices } from '../devices/index.js';
import { HTTP_STATUS, isServerError } from '../errors.js';
import { listSignInMethods } from '../factors/index.js';
import { csrfPreHandler, csrfToken } from '../http/csrf.js';
import { sendPage } from '../pages/layout.js';
import { currentAttempt, endAttempt, type Attempt } from './attempts.js';
import { completeSignIn } from './complete.js';
import { failPush, latestPush, sendSignInPush, spendPush, type AttemptPush } from './push.js';
import { PUSH_PATH, PUSH_STATUS_PATH, PUSH_UNAVAILABLE_NOTES, pushFallbackPage, pushPage } from './push-views.js';
import { noMethodsPage, passwordPage, SIGN_IN_FAILED_MESSAGE } from './views.js';

const form = { body: { type: 'object', properties: { csrf: { type: 'string', maxLength: 128 } }, additionalProperties: false } };
const noQuery = { querystring: { type: 'object', properties: {}, additionalProperties: false } };

type Unavailable = keyof typeof PUSH_UNAVAILABLE_NOTES;

function unavailableCode(error: unknown): Unavailable | undefined {
  for (const code of Object.keys(PUSH_UNAVAILABLE_NOTES) as Unavailable[]) if (isServerError(error, code)) return code;
  return undefined;
}

async function render(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply, attempt: Attempt, push: AttemptPush): Promise<FastifyReply> {
  const [devices, methods] = await Promise.all([listDevices(ctx, attempt.tenantId, attempt.userId), listSignInMethods(ctx, attempt.tenantId, attempt.userId)]);
  return sendPage(reply, pushPage(csrfToken(ctx, request, reply), { number: push.number, deviceNames: devices.map((d) => d.name), expiresAt: push.expiresAt, now: ctx.now(), methods }));
}

async function fallback(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply, attempt: Attempt, code: Unavailable): Promise<FastifyReply> {
  const methods = await listSignInMethods(ctx, attempt.tenantId, attempt.userId);
  const chosen = methods.find((m) => m.kind === 'totp') ?? methods[0];
  if (chosen === undefined) return sendPage(reply, noMethodsPage(), HTTP_STATUS.ERR_FORBIDDEN);
  return sendPage(reply, pushFallbackPage(csrfToken(ctx, request, reply), methods, chosen, PUSH_UNAVAILABLE_NOTES[code]));
}

function failedPage(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply, interaction: string | null): FastifyReply {
  return sendPage(reply, passwordPage(csrfToken(ctx, request, reply), { interaction: interaction ?? undefined, errors: [SIGN_IN_FAILED_MESSAGE] }), HTTP_STATUS.ERR_SIGN_IN_FAILED);
}

/** Looks at the push again: wait, finish, or fail. */
async function settle(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply, attempt: Attempt, push: AttemptPush | undefined): Promise<FastifyReply> {
  if (push?.outcome === 'pending') return render(ctx, request, reply, attempt, push);
  if (push?.outcome === 'approved' && await spendPush(ctx, attempt, push)) {
    await endAttempt(ctx, reply, attempt);
    return completeSignIn(ctx, request, reply, { tenantId: attempt.tenantId, userId: attempt.userId, amr: ['pwd', 'mfa', 'push'], interactionUid: attempt.interactionUid, attemptId: attempt.id });
  }
  await failPush(ctx, attempt, push, request.ip);
  await endAttempt(ctx, reply, attempt);
  // As after a wrong code: start again from the password, still on the way to the same app.
  return failedPage(ctx, request, reply, attempt.interactionUid);
}

/** Sends a push for the attempt; why it could not be sent, or undefined when it was. */
async function send(ctx: ServerContext, request: FastifyRequest, attempt: Attempt): Promise<Unavailable | undefined> {
  try {
    await sendSignInPush(ctx, attempt, request.ip);
    return undefined;
  } catch (error) {
    const code = unavailableCode(error);
    if (code === undefined) throw error;
    return code;
  }
}

/**
 * Registers the push step of the sign-in.
 *
 * @example
 * ```ts
 * await app.register(signinPushRoutes(ctx));
 * ```
 */
export function signinPushRoutes(ctx: ServerContext): FastifyPluginAsync {
  return (app) => {
    const csrf = csrfPreHandler(ctx);

    app.get(PUSH_PATH, { schema: noQuery }, async (request, reply) => {
      const attempt = await currentAttempt(ctx, request);
      if (attempt === undefined) return reply.redirect('/signin', 303);
      const push = await latestPush(ctx, attempt);
      if (push !== undefined) return settle(ctx, request, reply, attempt, push);
      const unavailable = await send(ctx, request, attempt);
      if (unavailable !== undefined) return fallback(ctx, request, reply, attempt, unavailable);
      return settle(ctx, request, reply, attempt, await latestPush(ctx, attempt));
    });

    app.post(PUSH_PATH, { schema: form, preHandler: csrf }, async (request, reply) => {
      const attempt = await currentAttempt(ctx, request);
      if (attempt === undefined) return failedPage(ctx, request, reply, null);
      const push = await latestPush(ctx, attempt);
      // An answered push is dealt with first: a "no" must not be papered over by a new push.
      if (push !== undefined && push.outcome !== 'pending') return settle(ctx, request, reply, attempt, push);
      const unavailable = await send(ctx, request, attempt);
      return unavailable === undefined ? reply.redirect(PUSH_PATH, 303) : fallback(ctx, request, reply, attempt, unavailable);
    });

    const status = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      const attempt = await currentAttempt(ctx, request);
      if (attempt === undefined) return failedPage(ctx, request, reply, null);
      const push = await latestPush(ctx, attempt);
      return push === undefined ? reply.redirect(PUSH_PATH, 303) : settle(ctx, request, reply, attempt, push);
    };
    app.get(PUSH_STATUS_PATH, { schema: noQuery }, status);
    app.post(PUSH_STATUS_PATH, { schema: form, preHandler: csrf }, status);
    return Promise.resolve();
  };
}
