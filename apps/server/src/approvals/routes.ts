/**
 * Push approval over HTTP.
 *
 * Device endpoints (authenticated by a device token, see `devices/device-token.ts`):
 * - `GET  /api/device/events` — server-sent events of the user's pushes (see `stream.ts`);
 * - `GET  /api/device/approvals` — `{ approvals: PendingApproval[] }`;
 * - `POST /api/device/approvals/:id` `{ decision, number?, proof }` — `{ status }`.
 *
 * Sign-in side: `POST /signin/push` `{}` → 201 `{ approvalId, number, expiresAt, waitToken }` sends a
 * push for the sign-in in progress (named by its `tessera_signin` cookie, which only `/signin`
 * paths receive); what the device shows as the app is decided here, never by the caller, so a
 * push cannot carry attacker-written text. `POST /api/approvals/:id/wait` `{ timeoutSeconds? }` with
 * `Authorization: Bearer <waitToken>` (the token `createApproval` gave to that one sign-in) —
 * long-polls up to 25 s and answers `{ status: ApprovalOutcome, expiresAt }`. A wrong token and an
 * unknown id get the same `ERR_APPROVAL_NOT_FOUND`.
 *
 * @module
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
import { hashToken, safeEqual } from '../crypto/tokens.js';
import { authenticateDevice, authenticateDeviceDeferred } from '../devices/device-token.js';
import { ServerError } from '../errors.js';
import { currentAttempt } from '../signin/attempts.js';
import { createApproval } from './create.js';
import { decideApproval } from './decide.js';
import { listPendingApprovals } from './pending.js';
import { APPROVAL_PROOF_MAX_LENGTH, type ApprovalDecision } from './proof.js';
import { streamApprovals } from './stream.js';
import { awaitApproval } from './wait.js';

/** Longest long-poll of the wait endpoint. */
export const MAX_WAIT_SECONDS = 25;

const idParams = {
  type: 'object', additionalProperties: false, required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

const decisionBody = {
  type: 'object', additionalProperties: false, required: ['decision', 'proof'],
  properties: {
    decision: { type: 'string', enum: ['approve', 'deny', 'report'] },
    number: { type: 'string', pattern: '^[0-9]{2}$' },
    proof: { type: 'string', minLength: 1, maxLength: APPROVAL_PROOF_MAX_LENGTH },
  },
} as const;

const emptyBody = { type: 'object', additionalProperties: false, properties: {} } as const;

const waitBody = {
  type: 'object', additionalProperties: false,
  properties: { timeoutSeconds: { type: 'integer', minimum: 0, maximum: MAX_WAIT_SECONDS } },
} as const;

async function approvalForWaitToken(ctx: ServerContext, request: FastifyRequest, approvalId: string): Promise<{ tenantId: string; signInAttemptId: string; expiresAt: number }> {
  const header = request.headers.authorization;
  const token = typeof header === 'string' && /^Bearer [A-Za-z0-9_-]{16,128}$/.test(header) ? header.slice(7) : '';
  const row = await ctx.db.selectFrom('push_approvals').select(['tenant_id', 'sign_in_attempt_id', 'wait_token_hash', 'expires_at']).where('id', '=', approvalId).executeTakeFirst();
  if (row === undefined || !safeEqual(hashToken(token), row.wait_token_hash)) throw new ServerError('ERR_APPROVAL_NOT_FOUND', 'no such approval');
  return { tenantId: row.tenant_id, signInAttemptId: row.sign_in_attempt_id, expiresAt: row.expires_at };
}

/**
 * Registers the device and wait endpoints.
 *
 * @example
 * ```ts
 * await app.register(approvalRoutes(ctx));
 * ```
 */
export function approvalRoutes(ctx: ServerContext): FastifyPluginAsync {
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async functions
  return async (app) => {
    // Streams and long polls end when the server stops, instead of holding the shutdown open.
    const stopping = new AbortController();
    app.addHook('preClose', (done) => { stopping.abort(); done(); });

    app.get('/api/device/events', async (request, reply) => {
      const auth = await authenticateDevice(ctx, request);
      streamApprovals(ctx, reply, auth, stopping.signal);
      return reply;
    });

    app.get('/api/device/approvals', async (request) => {
      const { device } = await authenticateDevice(ctx, request);
      return { approvals: await listPendingApprovals(ctx, device.tenantId, device.userId) };
    });

    app.post<{ Params: { id: string }; Body: { decision: ApprovalDecision; number?: string; proof: string } }>('/api/device/approvals/:id', {
      schema: { params: idParams, body: decisionBody },
    }, async (request) => {
      // The token's single use commits with the decision (one commit on this latency-bound path).
      const { device, spendToken } = await authenticateDeviceDeferred(ctx, request);
      const { decision, number, proof } = request.body;
      return decideApproval(ctx, { device, approvalId: request.params.id, decision, number: number ?? null, proof, ip: request.ip, spendToken });
    });

    app.post('/signin/push', { schema: { body: emptyBody } }, async (request, reply) => {
      const attempt = await currentAttempt(ctx, request);
      if (attempt === undefined) throw new ServerError('ERR_UNAUTHENTICATED', 'sign in with your password first');
      const created = await createApproval(ctx, {
        tenantId: attempt.tenantId, userId: attempt.userId, signInAttemptId: attempt.id, app: new URL(ctx.config.publicUrl).host, ip: request.ip,
      });
      return reply.status(201).send(created);
    });

    app.post<{ Params: { id: string }; Body: { timeoutSeconds?: number } | undefined }>('/api/approvals/:id/wait', {
      schema: { params: idParams, body: waitBody },
    }, async (request, reply) => {
      const bound = await approvalForWaitToken(ctx, request, request.params.id);
      const gone = new AbortController();
      const onClose = (): void => { gone.abort(); };
      reply.raw.once('close', onClose);
      try {
        const status = await awaitApproval(ctx, {
          tenantId: bound.tenantId, approvalId: request.params.id, signInAttemptId: bound.signInAttemptId,
          timeoutMs: (request.body?.timeoutSeconds ?? MAX_WAIT_SECONDS) * 1000, signal: AbortSignal.any([gone.signal, stopping.signal]),
        });
        if (stopping.signal.aborted) reply.header('connection', 'close');
        return { status, expiresAt: bound.expiresAt };
      } finally {
        reply.raw.off('close', onClose);
      }
    });
  };
}
