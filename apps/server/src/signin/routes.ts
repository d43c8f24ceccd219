/**
 * The sign-in routes (HTML forms, no JavaScript needed):
 * - `GET/POST /signin` — email and password (`?interaction=` carries an OIDC interaction);
 * - `GET/POST /signin/factor`, `POST /signin/factor/send` — the second factor;
 * - `GET/POST /signin/tap` — email and Temporary Access Pass (a session that may only register
 *   methods, landing on `/me`, or going on to the CLI's device flow it was started for);
 * - `POST /signout`.
 * Every POST checks the CSRF token first. Failures render the same page with the same status
 * and wording, whatever went wrong.
 *
 * @module
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
import { HTTP_STATUS } from '../errors.js';
import { csrfPreHandler, csrfToken } from '../http/csrf.js';
import { listSignInMethods, sendOneTimeCode } from '../factors/index.js';
import { sendPage } from '../pages/layout.js';
import { currentAttempt, endAttempt, startAttempt } from './attempts.js';
import { completeSignIn, endBrowserSession } from './complete.js';
import { INTERACTION_UID, rememberGuestSignIn, resolveGuestTarget, TENANT_HINT } from './guest.js';
import { checkFactor, checkPassword, checkTap, LIMITS } from './steps.js';
import { pushAvailable } from './push.js';
import { hasPushDevice } from '../approvals/index.js';
import { tapInteraction } from '../oidc/tap-interaction.js';
import { throttledOr } from './throttled.js';
import { factorPage, noMethodsPage, passwordPage, SIGN_IN_FAILED_MESSAGE, tapPage } from './views.js';

const CSRF = { type: 'string', maxLength: 128 } as const;
const ID = { type: 'string', maxLength: 64 } as const;

function formSchema(properties: Record<string, object>): { body: object } {
  return { body: { type: 'object', properties: { csrf: CSRF, ...properties }, additionalProperties: false } };
}

const interactionQuery = { querystring: { type: 'object', properties: { interaction: INTERACTION_UID, tenant: TENANT_HINT }, additionalProperties: false } };

function interactionOf(request: FastifyRequest): string | undefined {
  const source = (request.method === 'GET' ? request.query : request.body) as { interaction?: string } | undefined;
  return source?.interaction;
}

// The tenant hint of a guest sign-in (see guest.ts), kept through the password form.
function tenantOf(request: FastifyRequest): string | undefined {
  const source = (request.method === 'GET' ? request.query : request.body) as { tenant?: string } | undefined;
  return source?.tenant;
}

/** Renders the generic failure: same page, status and words for every reason. */
function failed(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply, view: typeof passwordPage = passwordPage, interaction = interactionOf(request)): FastifyReply {
  return sendPage(reply, view(csrfToken(ctx, request, reply), { interaction, tenant: tenantOf(request), errors: [SIGN_IN_FAILED_MESSAGE] }), HTTP_STATUS.ERR_SIGN_IN_FAILED);
}

// Whatever form was posted, a throttled person sees the password form again with the wait.
function throttled(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply, work: () => Promise<FastifyReply>): Promise<FastifyReply> {
  return throttledOr(reply, work, (message) => passwordPage(csrfToken(ctx, request, reply), { interaction: interactionOf(request), errors: [message] }));
}

/** Registers the sign-in routes. */
export function signinRoutes(ctx: ServerContext): FastifyPluginAsync {
  return (app) => {
    const csrf = csrfPreHandler(ctx);

    app.get('/signin', { schema: interactionQuery }, (request, reply) =>
      sendPage(reply, passwordPage(csrfToken(ctx, request, reply), { interaction: interactionOf(request), tenant: tenantOf(request) })));

    app.post('/signin', { schema: formSchema({ email: { type: 'string', maxLength: LIMITS.email }, password: { type: 'string', maxLength: LIMITS.password }, interaction: INTERACTION_UID, tenant: TENANT_HINT }), preHandler: csrf }, async (request, reply) => {
      const body = request.body as { email?: string; password?: string; interaction?: string; tenant?: string };
      return throttled(ctx, request, reply, async () => {
        const result = await checkPassword(ctx, { email: body.email ?? '', password: body.password ?? '', ip: request.ip });
        if (!result.ok) return failed(ctx, request, reply);
        const guest = await resolveGuestTarget(ctx, body.tenant, { tenantId: result.tenantId, userId: result.userId, email: body.email ?? '', ip: request.ip });
        if (guest.kind === 'refused') return failed(ctx, request, reply);
        if (result.methods.length === 0 && !(await hasPushDevice(ctx, result.tenantId, result.userId))) return sendPage(reply, noMethodsPage(), HTTP_STATUS.ERR_FORBIDDEN);
        await endAttempt(ctx, reply, await currentAttempt(ctx, request));
        const attemptId = await startAttempt(ctx, reply, { tenantId: result.tenantId, userId: result.userId, interactionUid: body.interaction ?? null });
        await rememberGuestSignIn(ctx, attemptId, result, guest);
        return reply.redirect('/signin/factor', 303);
      });
    });

    app.get('/signin/factor', { schema: { querystring: { type: 'object', properties: { method: ID, sent: { type: 'string', enum: ['1'] } }, additionalProperties: false } } }, async (request, reply) => {
      const attempt = await currentAttempt(ctx, request);
      if (attempt === undefined) return reply.redirect('/signin', 303);
      const query = request.query as { method?: string; sent?: string };
      // Approval on the authenticator comes first wherever the account has a device for it.
      const push = await pushAvailable(ctx, attempt);
      if (push && query.method === undefined) return reply.redirect('/signin/factor/push', 303);
      const methods = await listSignInMethods(ctx, attempt.tenantId, attempt.userId);
      const chosen = methods.find((m) => m.id === query.method) ?? methods.find((m) => m.kind === 'totp') ?? methods[0];
      if (chosen === undefined) return sendPage(reply, noMethodsPage(), HTTP_STATUS.ERR_FORBIDDEN);
      return sendPage(reply, factorPage(csrfToken(ctx, request, reply), methods, chosen, { sent: query.sent === '1' && chosen.id === query.method, push }));
    });

    app.post('/signin/factor/send', { schema: formSchema({ methodId: ID }), preHandler: csrf }, async (request, reply) => {
      const attempt = await currentAttempt(ctx, request);
      if (attempt === undefined) return reply.redirect('/signin', 303);
      const { methodId = '' } = request.body as { methodId?: string };
      const methods = await listSignInMethods(ctx, attempt.tenantId, attempt.userId);
      const method = methods.find((m) => m.id === methodId && m.kind !== 'totp');
      if (method === undefined) return reply.redirect('/signin/factor', 303);
      return throttled(ctx, request, reply, async () => {
        await sendOneTimeCode(ctx, { tenantId: attempt.tenantId, userId: attempt.userId, methodId: method.id });
        return reply.redirect(`/signin/factor?method=${encodeURIComponent(method.id)}&sent=1`, 303);
      });
    });

    app.post('/signin/factor', { schema: formSchema({ methodId: ID, code: { type: 'string', maxLength: LIMITS.code } }), preHandler: csrf }, async (request, reply) => {
      const attempt = await currentAttempt(ctx, request);
      if (attempt === undefined) return failed(ctx, request, reply);
      const body = request.body as { methodId?: string; code?: string };
      return throttled(ctx, request, reply, async () => {
        const result = await checkFactor(ctx, attempt, { methodId: body.methodId ?? '', code: body.code ?? '', ip: request.ip });
        await endAttempt(ctx, reply, attempt);
        // A wrong code starts again from the password, still on the way to the same app.
        if (!result.ok) return failed(ctx, request, reply, passwordPage, attempt.interactionUid ?? undefined);
        return completeSignIn(ctx, request, reply, { tenantId: attempt.tenantId, userId: attempt.userId, amr: result.amr, interactionUid: attempt.interactionUid, attemptId: attempt.id });
      });
    });

    app.get('/signin/tap', { schema: interactionQuery }, (request, reply) =>
      sendPage(reply, tapPage(csrfToken(ctx, request, reply), { interaction: interactionOf(request) })));

    app.post('/signin/tap', { schema: formSchema({ email: { type: 'string', maxLength: LIMITS.email }, pass: { type: 'string', maxLength: LIMITS.pass }, interaction: INTERACTION_UID }), preHandler: csrf }, async (request, reply) => {
      const body = request.body as { email?: string; pass?: string; interaction?: string };
      return throttled(ctx, request, reply, async () => {
        const result = await checkTap(ctx, { email: body.email ?? '', pass: body.pass ?? '', ip: request.ip });
        if (!result.ok) return failed(ctx, request, reply, tapPage);
        // Only the CLI's device flow goes on with a pass; a web app's sign-in lands on /me instead.
        const interactionUid = await tapInteraction(ctx, body.interaction);
        return completeSignIn(ctx, request, reply, { tenantId: result.tenantId, userId: result.userId, amr: ['tap'], tapId: result.tapId, notAfter: result.expiresAt, interactionUid });
      });
    });

    app.post('/signout', { schema: formSchema({}), preHandler: csrf }, async (request, reply) => {
      await endBrowserSession(ctx, request, reply);
      return reply.redirect('/signin', 303);
    });
    return Promise.resolve();
  };
}
