/**
 * The admin API for guests and cross-tenant trust, always about the caller's own tenant (R):
 * - `POST /api/admin/guests` `{ email }` → 201 the guest (admins);
 * - `GET /api/admin/guests` → `{ guests }` (admins and helpdesk);
 * - `DELETE /api/admin/guests/:id` → `{ sessionsRevoked, grantsRevoked }` (admins);
 * - `GET /api/admin/cross-tenant/:homeDomain` → `{ homeDomain, trustHomeMfa, updatedAt }`;
 * - `PUT /api/admin/cross-tenant/:homeDomain` `{ trustHomeMfa }` (admins).
 * A guest's TAP, methods, MFA reset and sessions go through the ordinary `/api/admin/users/:id/…`
 * routes: a guest is a user of R.
 *
 * @module
 */
import type { FastifyPluginAsync } from 'fastify';
import { ADMINS, requireStaff } from '../admin/guard.js';
import { emailSchema, userIdParams } from '../admin/schemas.js';
import type { ServerContext } from '../context.js';
import { inviteGuest, listGuests, removeGuest } from './guests.js';
import { getTrust, setTrust } from './trust.js';

const inviteBody = { type: 'object', additionalProperties: false, required: ['email'], properties: { email: emailSchema } } as const;
const domainParams = {
  type: 'object', additionalProperties: false, required: ['homeDomain'], properties: { homeDomain: { type: 'string', minLength: 3, maxLength: 253 } },
} as const;
const trustBody = { type: 'object', additionalProperties: false, required: ['trustHomeMfa'], properties: { trustHomeMfa: { type: 'boolean' } } } as const;

/** Registers the guest and cross-tenant trust routes. */
export function guestAdminRoutes(ctx: ServerContext): FastifyPluginAsync {
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async functions
  return async (app) => {
    app.post<{ Body: { email: string } }>('/api/admin/guests', { schema: { body: inviteBody } }, async (request, reply) => {
      const caller = await requireStaff(ctx, request, ADMINS);
      const guest = await inviteGuest(ctx, { tenantId: caller.tenantId, email: request.body.email, actorUserId: caller.userId, ip: request.ip });
      return reply.status(201).send(guest);
    });

    app.get('/api/admin/guests', async (request) => {
      const caller = await requireStaff(ctx, request);
      return { guests: await listGuests(ctx, caller.tenantId) };
    });

    app.delete<{ Params: { id: string } }>('/api/admin/guests/:id', { schema: { params: userIdParams } }, async (request) => {
      const caller = await requireStaff(ctx, request, ADMINS);
      return removeGuest(ctx, { tenantId: caller.tenantId, userId: request.params.id, actorUserId: caller.userId, ip: request.ip });
    });

    app.get<{ Params: { homeDomain: string } }>('/api/admin/cross-tenant/:homeDomain', { schema: { params: domainParams } }, async (request) => {
      const caller = await requireStaff(ctx, request);
      return getTrust(ctx, caller.tenantId, request.params.homeDomain);
    });

    app.put<{ Params: { homeDomain: string }; Body: { trustHomeMfa: boolean } }>('/api/admin/cross-tenant/:homeDomain', { schema: { params: domainParams, body: trustBody } }, async (request) => {
      const caller = await requireStaff(ctx, request, ADMINS);
      return setTrust(ctx, { tenantId: caller.tenantId, homeDomain: request.params.homeDomain, trustHomeMfa: request.body.trustHomeMfa, actorUserId: caller.userId, ip: request.ip });
    });
  };
}
