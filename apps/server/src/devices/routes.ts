/**
 * The user's own authenticator devices, JSON under `/api/devices`:
 * - `POST /api/devices` `{ name, publicKey }` → 201 `{ device, tokenAudience, tokenMaxLifetimeSeconds,
 *   allowWorkSecretBackup }` (the tenant's policy, which the authenticator keeps with the account) —
 *   only after a fresh strong sign-in: at most {@link REGISTRATION_MAX_AUTH_AGE_MS} old, and with a
 *   second factor or a Temporary Access Pass (NIST 800-63B §4.1.2: bind at the account's highest
 *   assurance). A password-only session is refused with `ERR_STEP_UP_REQUIRED`.
 * - `GET /api/devices` → `{ devices }`;
 * - `DELETE /api/devices/:id` → 204 (a full session: a TAP cannot remove devices).
 *
 * @module
 */
import type { FastifyPluginAsync } from 'fastify';
import { requirePrincipal } from '../auth/principal.js';
import type { ServerContext } from '../context.js';
import { ServerError } from '../errors.js';
import { getTenantPolicy } from '../tenants/policy.js';
import { DEVICE_TOKEN_MAX_LIFETIME_S } from './device-token.js';
import { DEVICE_NAME_MAX, listDevices, registerDevice, revokeDevice } from './devices.js';
import { devicePublicKeySchema } from './jwk.js';

/** How recent the sign-in must be to register a device. */
export const REGISTRATION_MAX_AUTH_AGE_MS = 10 * 60_000;

const registerBody = {
  type: 'object', additionalProperties: false, required: ['name', 'publicKey'],
  properties: { name: { type: 'string', minLength: 1, maxLength: DEVICE_NAME_MAX * 4 }, publicKey: devicePublicKeySchema },
} as const;

const idParams = {
  type: 'object', additionalProperties: false, required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

/**
 * Routes of the user's own devices; register with `app.register(deviceRoutes(ctx))`.
 *
 * @example
 * ```ts
 * await app.register(deviceRoutes(ctx));
 * ```
 */
export function deviceRoutes(ctx: ServerContext): FastifyPluginAsync {
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async functions
  return async (app) => {
    app.post<{ Body: { name: string; publicKey: unknown } }>('/api/devices', { schema: { body: registerBody } }, async (request, reply) => {
      const me = await requirePrincipal(ctx, request, { allowTap: true, maxAuthAgeMs: REGISTRATION_MAX_AUTH_AGE_MS });
      const viaTap = me.session.tapId !== null;
      const strong = me.session.amr.includes('mfa') || me.session.amr.includes('tap');
      if (!strong) throw new ServerError('ERR_STEP_UP_REQUIRED', 'sign in with a second factor (or a Temporary Access Pass) to register an authenticator');
      const device = await registerDevice(ctx, { tenantId: me.tenantId, userId: me.userId, name: request.body.name, publicKey: request.body.publicKey, viaTap, ip: request.ip });
      const { allowWorkSecretBackup } = await getTenantPolicy(ctx, me.tenantId);
      return reply.status(201).send({ device, tokenAudience: ctx.config.publicUrl, tokenMaxLifetimeSeconds: DEVICE_TOKEN_MAX_LIFETIME_S, allowWorkSecretBackup });
    });

    app.get('/api/devices', async (request) => {
      const me = await requirePrincipal(ctx, request, { allowTap: true });
      return { devices: await listDevices(ctx, me.tenantId, me.userId) };
    });

    app.delete<{ Params: { id: string } }>('/api/devices/:id', { schema: { params: idParams } }, async (request, reply) => {
      const me = await requirePrincipal(ctx, request);
      await revokeDevice(ctx, { tenantId: me.tenantId, userId: me.userId, deviceId: request.params.id, actorUserId: me.userId, ip: request.ip });
      return reply.status(204).send();
    });
  };
}
