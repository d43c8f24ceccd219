/**
 * A user's Temporary Access Pass and second factors, as helpdesk and admins manage them:
 * issue or revoke a TAP, list the user's methods (never their secrets), remove one. The work is
 * done — and audited, and the user notified — by the factors capability; these routes add the
 * tenant boundary and the helpdesk-only-helps-users rule.
 *
 * @module
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ServerContext } from '../context.js';
import { listMethods, removeMethod } from '../factors/methods.js';
import { issueTap, revokeTap } from '../factors/tap.js';
import { findActionTarget, findTarget, requireStaff } from './guard.js';
import { emptyBodyAsObject, idString, userIdParams } from './schemas.js';

const tapBody = {
  type: 'object',
  additionalProperties: false,
  properties: { lifetimeMinutes: { type: 'integer', minimum: 1, maximum: 43_200 }, oneTime: { type: 'boolean' } },
} as const;

const methodParams = {
  type: 'object', additionalProperties: false, required: ['id', 'methodId'], properties: { id: idString, methodId: idString },
} as const;

/** The TAP and method routes. */
export function factorAdminRoutes(ctx: ServerContext): FastifyPluginAsync {
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async functions
  return async (app) => {
    app.post<{ Params: { id: string }; Body: { lifetimeMinutes?: number; oneTime?: boolean } | undefined }>('/api/admin/users/:id/tap', { schema: { params: userIdParams, body: tapBody }, preValidation: emptyBodyAsObject }, async (request, reply) => {
      const caller = await requireStaff(ctx, request);
      const target = await findActionTarget(ctx, caller, request.params.id);
      const body = request.body ?? {};
      const issued = await issueTap(ctx, {
        tenantId: caller.tenantId, targetUserId: target.id, actorUserId: caller.userId, ip: request.ip,
        ...(body.lifetimeMinutes === undefined ? {} : { lifetimeMinutes: body.lifetimeMinutes }),
        ...(body.oneTime === undefined ? {} : { oneTime: body.oneTime }),
      });
      return reply.status(201).send({ pass: issued.pass, expiresAt: issued.expiresAt, oneTime: issued.oneTime });
    });

    app.delete<{ Params: { id: string } }>('/api/admin/users/:id/tap', { schema: { params: userIdParams } }, async (request) => {
      const caller = await requireStaff(ctx, request);
      const target = await findActionTarget(ctx, caller, request.params.id);
      const revoked = await revokeTap(ctx, { tenantId: caller.tenantId, userId: target.id, actorUserId: caller.userId, ip: request.ip });
      return { revoked };
    });

    app.get<{ Params: { id: string } }>('/api/admin/users/:id/methods', { schema: { params: userIdParams } }, async (request) => {
      const caller = await requireStaff(ctx, request);
      const target = await findTarget(ctx, caller, request.params.id);
      return { methods: await listMethods(ctx, caller.tenantId, target.id) };
    });

    app.delete<{ Params: { id: string; methodId: string } }>('/api/admin/users/:id/methods/:methodId', { schema: { params: methodParams } }, async (request, reply) => {
      const caller = await requireStaff(ctx, request);
      const target = await findActionTarget(ctx, caller, request.params.id);
      await removeMethod(ctx, { tenantId: caller.tenantId, userId: target.id, methodId: request.params.methodId, actorUserId: caller.userId, ip: request.ip });
      return reply.status(204).send();
    });
  };
}
