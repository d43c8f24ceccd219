/**
 * `POST /api/me/step-up { code, methodId? }`: the signed-in user proves a second factor again
 * (see {@link stepUp}). Cookie and bearer sessions alike; a Temporary Access Pass session is
 * refused, since a pass is good only for registering methods and must never count as a strong,
 * recent authentication.
 *
 * @module
 */
import type { FastifyPluginAsync } from 'fastify';
import { requirePrincipal } from '../auth/principal.js';
import type { ServerContext } from '../context.js';
import { stepUp } from './step-up.js';

const body = {
  type: 'object',
  additionalProperties: false,
  required: ['code'],
  properties: {
    // Room for spaces people type between digit groups; longer input is refused before any work.
    code: { type: 'string', minLength: 1, maxLength: 16 },
    methodId: { type: 'string', minLength: 1, maxLength: 64 },
  },
} as const;

/**
 * The step-up route; register with `app.register(stepUpRoutes(ctx))`.
 *
 * @example
 * ```ts
 * await app.register(stepUpRoutes(ctx));
 * ```
 */
export function stepUpRoutes(ctx: ServerContext): FastifyPluginAsync {
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async functions
  return async (app) => {
    app.post<{ Body: { code: string; methodId?: string } }>('/api/me/step-up', { schema: { body } }, async (request) => {
      const caller = await requirePrincipal(ctx, request);
      const { authTime } = await stepUp(ctx, caller, { code: request.body.code, methodId: request.body.methodId, ip: request.ip });
      return { verified: true, authTime };
    });
  };
}
