/**
 * The user's own page (`/me`): see and remove sign-in methods, add an authenticator app, an
 * email address or a phone number. HTML forms over owner functions of the factors capability
 * (the JSON API for the same things is `/api/me/methods`). A Temporary Access Pass session may
 * use the registration pages — that is what a pass is for — but not remove anything. Every POST
 * checks the CSRF token before anything else.
 *
 * @module
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { toDataURL } from 'qrcode';
import { requirePrincipal, type Principal } from '../auth/principal.js';
import type { ServerContext } from '../context.js';
import { HTTP_STATUS, isServerError, type ServerError } from '../errors.js';
import { addOobMethod, beginTotpEnrollment, confirmTotpEnrollment, listMethods, removeMethod, sendOneTimeCode, verifyOneTimeCode } from '../factors/index.js';
import { csrfPreHandler, csrfToken } from '../http/csrf.js';
import { sendPage } from '../pages/layout.js';
import { oobPage, overviewPage, totpPage, verifyPage } from './views.js';

const ID = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } as const;
const idParams = { params: { type: 'object', properties: { id: ID }, required: ['id'], additionalProperties: false } } as const;
const kindParams = { params: { type: 'object', properties: { kind: { type: 'string', enum: ['email', 'sms'] } }, required: ['kind'], additionalProperties: false } } as const;
const CSRF = { type: 'string', maxLength: 128 } as const;
const CODE = { type: 'string', maxLength: 16 } as const;

function formBody(properties: Record<string, object>): { type: 'object'; properties: Record<string, object>; additionalProperties: false } {
  return { type: 'object', properties: { csrf: CSRF, ...properties }, additionalProperties: false };
}

const NOTICES: Readonly<Record<string, string>> = { added: 'Your sign-in method was added.', removed: 'The sign-in method was removed.' };

/** The caller, or undefined after redirecting a signed-out browser to the sign-in page. */
async function caller(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply, allowTap: boolean): Promise<Principal | undefined> {
  try {
    return await requirePrincipal(ctx, request, { allowTap });
  } catch (error) {
    if (!isServerError(error, 'ERR_UNAUTHENTICATED')) throw error;
    await reply.redirect('/signin', 303);
    return undefined;
  }
}

// Mistakes the person can fix are shown on the form; anything else goes to the error handler.
function userFixable(error: unknown): error is ServerError {
  return isServerError(error) && error.status < 500 && error.code !== 'ERR_CSRF' && error.code !== 'ERR_UNAUTHENTICATED' && error.code !== 'ERR_TAP_ONLY_REGISTRATION';
}

/** Registers `/me` and its forms. */
export function mePageRoutes(ctx: ServerContext): FastifyPluginAsync {
  return (app) => {
    const csrf = csrfPreHandler(ctx);

    app.get('/me', { schema: { querystring: { type: 'object', properties: { notice: { type: 'string', enum: Object.keys(NOTICES) } }, additionalProperties: false } } }, async (request, reply) => {
      const principal = await caller(ctx, request, reply, true);
      if (principal === undefined) return reply;
      const { notice } = request.query as { notice?: string };
      const methods = await listMethods(ctx, principal.tenantId, principal.userId);
      return sendPage(reply, overviewPage(csrfToken(ctx, request, reply), methods, {
        email: principal.email, tapSession: principal.session.tapId !== null, notice: notice === undefined ? undefined : NOTICES[notice],
      }));
    });

    app.post('/me/methods/:id/remove', { schema: { ...idParams, body: formBody({}) }, preHandler: csrf }, async (request, reply) => {
      const principal = await caller(ctx, request, reply, false);
      if (principal === undefined) return reply;
      const { id } = request.params as { id: string };
      await removeMethod(ctx, { tenantId: principal.tenantId, userId: principal.userId, methodId: id, actorUserId: principal.userId, ip: request.ip });
      return reply.redirect('/me?notice=removed', 303);
    });

    app.get('/me/totp', async (request, reply) => {
      const principal = await caller(ctx, request, reply, true);
      if (principal === undefined) return reply;
      const enrollment = beginTotpEnrollment(ctx, { tenantId: principal.tenantId, userId: principal.userId, email: principal.email });
      const qrDataUrl = await toDataURL(enrollment.otpauthUri, { errorCorrectionLevel: 'M', margin: 2, scale: 5 });
      return sendPage(reply, totpPage(csrfToken(ctx, request, reply), { enrollmentToken: enrollment.enrollmentToken, qrDataUrl, secretBase32: enrollment.secretBase32 }));
    });

    app.post('/me/totp', { schema: { body: formBody({ enrollmentToken: { type: 'string', maxLength: 2048 }, label: { type: 'string', maxLength: 64 }, code: CODE }) }, preHandler: csrf }, async (request, reply) => {
      const principal = await caller(ctx, request, reply, true);
      if (principal === undefined) return reply;
      const body = request.body as { enrollmentToken?: string; label?: string; code?: string };
      const enrollmentToken = body.enrollmentToken ?? '';
      try {
        await confirmTotpEnrollment(ctx, {
          tenantId: principal.tenantId, userId: principal.userId, enrollmentToken, code: (body.code ?? '').replace(/\s+/g, ''),
          label: body.label === undefined || body.label.trim() === '' ? undefined : body.label.trim(), viaTap: principal.session.tapId !== null, ip: request.ip,
        });
      } catch (error) {
        if (!userFixable(error)) throw error;
        const message = error.code === 'ERR_OTP_INVALID' ? 'The code is not right. Enter the code the app shows now.' : 'This setup has expired. Start again.';
        if (error.code !== 'ERR_OTP_INVALID') return reply.redirect('/me/totp', 303);
        return sendPage(reply, totpPage(csrfToken(ctx, request, reply), { enrollmentToken, errors: [message] }), error.status);
      }
      return reply.redirect('/me?notice=added', 303);
    });

    app.get('/me/oob/:kind', { schema: kindParams }, async (request, reply) => {
      const principal = await caller(ctx, request, reply, true);
      if (principal === undefined) return reply;
      const { kind } = request.params as { kind: 'email' | 'sms' };
      return sendPage(reply, oobPage(csrfToken(ctx, request, reply), kind));
    });

    app.post('/me/oob/:kind', { schema: { ...kindParams, body: formBody({ target: { type: 'string', maxLength: 320 } }) }, preHandler: csrf }, async (request, reply) => {
      const principal = await caller(ctx, request, reply, true);
      if (principal === undefined) return reply;
      const { kind } = request.params as { kind: 'email' | 'sms' };
      const { target = '' } = request.body as { target?: string };
      try {
        const { methodId } = await addOobMethod(ctx, { tenantId: principal.tenantId, userId: principal.userId, kind, target, viaTap: principal.session.tapId !== null });
        return await reply.redirect(`/me/methods/${encodeURIComponent(methodId)}/verify`, 303);
      } catch (error) {
        if (!userFixable(error)) throw error;
        return sendPage(reply, oobPage(csrfToken(ctx, request, reply), kind, [error.message]), error.status);
      }
    });

    app.get('/me/methods/:id/verify', { schema: idParams }, async (request, reply) => {
      const principal = await caller(ctx, request, reply, true);
      if (principal === undefined) return reply;
      const { id } = request.params as { id: string };
      return sendPage(reply, verifyPage(csrfToken(ctx, request, reply), id));
    });

    app.post('/me/methods/:id/verify', { schema: { ...idParams, body: formBody({ code: CODE }) }, preHandler: csrf }, async (request, reply) => {
      const principal = await caller(ctx, request, reply, true);
      if (principal === undefined) return reply;
      const { id } = request.params as { id: string };
      const { code = '' } = request.body as { code?: string };
      const ok = await verifyOneTimeCode(ctx, { tenantId: principal.tenantId, userId: principal.userId, methodId: id, code: code.replace(/\s+/g, ''), allowPending: true, ip: request.ip });
      if (ok) return reply.redirect('/me?notice=added', 303);
      return sendPage(reply, verifyPage(csrfToken(ctx, request, reply), id, ['The code is not right or has expired. Send a new code and try again.']), HTTP_STATUS.ERR_OTP_INVALID);
    });

    app.post('/me/methods/:id/send', { schema: { ...idParams, body: formBody({}) }, preHandler: csrf }, async (request, reply) => {
      const principal = await caller(ctx, request, reply, true);
      if (principal === undefined) return reply;
      const { id } = request.params as { id: string };
      try {
        await sendOneTimeCode(ctx, { tenantId: principal.tenantId, userId: principal.userId, methodId: id, allowPending: true });
      } catch (error) {
        if (!userFixable(error)) throw error;
        return sendPage(reply, verifyPage(csrfToken(ctx, request, reply), id, [error.message]), error.status);
      }
      return reply.redirect(`/me/methods/${encodeURIComponent(id)}/verify`, 303);
    });
    return Promise.resolve();
  };
}
