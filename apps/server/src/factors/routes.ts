/**
 * The user's own sign-in methods, as JSON under `/api/me/methods`: list, register a TOTP app
 * (begin → confirm), register an email address or phone number (add → code → verify), resend
 * a code, remove. Registration accepts a Temporary Access Pass session — that is what a TAP is
 * for — and flags what it registers; removal needs a full session, so a pass cannot strip a
 * user's existing methods.
 *
 * @module
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { requirePrincipal } from '../auth/principal.js';
import type { ServerContext } from '../context.js';
import { ServerError } from '../errors.js';
import { listMethods, removeMethod } from './methods.js';
import { addOobMethod, sendOneTimeCode, verifyOneTimeCode } from './oob.js';
import { beginTotpEnrollment, confirmTotpEnrollment } from './totp.js';

const label = { type: 'string', minLength: 1, maxLength: 64 } as const;
const code = { type: 'string', minLength: 1, maxLength: 16 } as const;
const idParams = {
  type: 'object', additionalProperties: false, required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;
const emptyBody = { type: 'object', additionalProperties: false, properties: {} } as const;

function body<P extends Record<string, unknown>, R extends readonly string[]>(properties: P, required: R) {
  return { type: 'object', additionalProperties: false, required, properties } as const;
}

const registering = { allowTap: true } as const;

async function caller(ctx: ServerContext, request: FastifyRequest, allowTap: boolean) {
  const principal = await requirePrincipal(ctx, request, allowTap ? registering : {});
  return { ...principal, viaTap: principal.session.tapId !== null };
}

/**
 * Routes of the user's own methods; register with `app.register(myMethodsRoutes(ctx))`.
 *
 * @example
 * ```ts
 * await app.register(myMethodsRoutes(ctx));
 * ```
 */
export function myMethodsRoutes(ctx: ServerContext): FastifyPluginAsync {
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async functions
  return async (app) => {
    app.get('/api/me/methods', async (request) => {
      const me = await caller(ctx, request, true);
      return { methods: await listMethods(ctx, me.tenantId, me.userId) };
    });

    app.post<{ Body: { label?: string } }>('/api/me/methods/totp/begin', { schema: { body: body({ label }, []) } }, async (request) => {
      const me = await caller(ctx, request, true);
      return beginTotpEnrollment(ctx, { tenantId: me.tenantId, userId: me.userId, email: me.email, ...(request.body.label === undefined ? {} : { label: request.body.label }) });
    });

    app.post<{ Body: { enrollmentToken: string; code: string; label?: string } }>('/api/me/methods/totp/confirm', {
      schema: { body: body({ enrollmentToken: { type: 'string', minLength: 1, maxLength: 1024 }, code, label }, ['enrollmentToken', 'code']) },
    }, async (request, reply) => {
      const me = await caller(ctx, request, true);
      const methodId = await confirmTotpEnrollment(ctx, { tenantId: me.tenantId, userId: me.userId, ...request.body, viaTap: me.viaTap, ip: request.ip });
      return reply.status(201).send({ methodId });
    });

    app.post<{ Body: { kind: 'email' | 'sms'; target: string; label?: string } }>('/api/me/methods/oob', {
      schema: { body: body({ kind: { type: 'string', enum: ['email', 'sms'] }, target: { type: 'string', minLength: 1, maxLength: 254 }, label }, ['kind', 'target']) },
    }, async (request, reply) => {
      const me = await caller(ctx, request, true);
      const added = await addOobMethod(ctx, { tenantId: me.tenantId, userId: me.userId, ...request.body, viaTap: me.viaTap });
      return reply.status(201).send(added);
    });

    app.post<{ Params: { id: string }; Body: { code: string } }>('/api/me/methods/:id/verify', {
      schema: { params: idParams, body: body({ code }, ['code']) },
    }, async (request) => {
      const me = await caller(ctx, request, true);
      const ok = await verifyOneTimeCode(ctx, { tenantId: me.tenantId, userId: me.userId, methodId: request.params.id, code: request.body.code, allowPending: true, ip: request.ip });
      if (!ok) throw new ServerError('ERR_OTP_INVALID', 'the code is not valid or has expired; ask for a new one');
      return { verified: true };
    });

    app.post<{ Params: { id: string } }>('/api/me/methods/:id/send', { schema: { params: idParams, body: emptyBody } }, async (request, reply) => {
      const me = await caller(ctx, request, true);
      await sendOneTimeCode(ctx, { tenantId: me.tenantId, userId: me.userId, methodId: request.params.id, allowPending: true });
      return reply.status(204).send();
    });

    app.delete<{ Params: { id: string } }>('/api/me/methods/:id', { schema: { params: idParams } }, async (request, reply) => {
      const me = await caller(ctx, request, false);
      await removeMethod(ctx, { tenantId: me.tenantId, userId: me.userId, methodId: request.params.id, actorUserId: me.userId, ip: request.ip });
      return reply.status(204).send();
    });
  };
}
