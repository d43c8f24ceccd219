/**
 * Sign-ins in progress. After a correct password the browser holds a random `tessera_signin`
 * cookie naming a short-lived attempt (stored as the token's digest) until a second factor
 * completes it. A wrong code ends the attempt: the person starts again from the password, so
 * each password entry buys exactly one code guess and the answer to a wrong code is the very
 * same page as the answer to a wrong password.
 *
 * A finished sign-in that belongs to an OIDC interaction leaves a `done` marker for that
 * interaction, so the interaction knows this sign-in was fresh (prompt=login, max_age).
 *
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
import { hashToken, newId, randomToken } from '../crypto/tokens.js';

/** Cookie naming the attempt. */
export const ATTEMPT_COOKIE = 'tessera_signin';
/** How long a person has between the password and the second factor. */
export const ATTEMPT_LIFETIME_MS = 10 * 60_000;

type Ctx = Pick<ServerContext, 'db' | 'now' | 'config'>;

/** A sign-in waiting for its second factor. */
export interface Attempt {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly interactionUid: string | null;
}

function cookieOptions(ctx: Ctx): { path: string; httpOnly: true; sameSite: 'lax'; secure: boolean } {
  return { path: '/signin', httpOnly: true, sameSite: 'lax', secure: ctx.config.publicUrl.startsWith('https:') };
}

/** Starts an attempt after a correct password and sets its cookie; returns the attempt's id. */
export async function startAttempt(ctx: Ctx, reply: FastifyReply, input: { tenantId: string; userId: string; interactionUid: string | null }): Promise<string> {
  const token = randomToken(32);
  const now = ctx.now();
  await ctx.db.insertInto('sign_in_attempts').values({
    id: hashToken(token), tenant_id: input.tenantId, user_id: input.userId, interaction_uid: input.interactionUid,
    stage: 'factor', created_at: now, expires_at: now + ATTEMPT_LIFETIME_MS,
  }).execute();
  reply.setCookie(ATTEMPT_COOKIE, token, { ...cookieOptions(ctx), maxAge: ATTEMPT_LIFETIME_MS / 1000 });
  return hashToken(token);
}

/** The live attempt named by the request's cookie, if any. */
export async function currentAttempt(ctx: Ctx, request: FastifyRequest): Promise<Attempt | undefined> {
  const token = request.cookies[ATTEMPT_COOKIE];
  if (typeof token !== 'string' || token.length < 32 || token.length > 64) return undefined;
  const row = await ctx.db.selectFrom('sign_in_attempts').selectAll().where('id', '=', hashToken(token))
    .where('stage', '=', 'factor').where('expires_at', '>', ctx.now()).executeTakeFirst();
  return row === undefined ? undefined : { id: row.id, tenantId: row.tenant_id, userId: row.user_id, interactionUid: row.interaction_uid };
}

/** Ends an attempt (success or failure) and drops its cookie. */
export async function endAttempt(ctx: Ctx, reply: FastifyReply, attempt: Attempt | undefined): Promise<void> {
  if (attempt !== undefined) {
    await ctx.db.deleteFrom('sign_in_attempts').where('id', '=', attempt.id).where('tenant_id', '=', attempt.tenantId).execute();
  }
  reply.clearCookie(ATTEMPT_COOKIE, cookieOptions(ctx));
}

/** Records that `userId` has just signed in for OIDC interaction `uid`. */
export async function markInteractionSignIn(ctx: Ctx, input: { tenantId: string; userId: string; interactionUid: string }): Promise<void> {
  const now = ctx.now();
  await ctx.db.insertInto('sign_in_attempts').values({
    id: newId(), tenant_id: input.tenantId, user_id: input.userId, interaction_uid: input.interactionUid,
    stage: 'done', created_at: now, expires_at: now + ATTEMPT_LIFETIME_MS,
  }).execute();
}

/** Takes (and deletes) the fresh-sign-in marker of `uid` for this user; true when there was one. */
export async function takeInteractionSignIn(ctx: Ctx, input: { tenantId: string; userId: string; interactionUid: string }): Promise<boolean> {
  const result = await ctx.db.deleteFrom('sign_in_attempts').where('tenant_id', '=', input.tenantId).where('user_id', '=', input.userId)
    .where('interaction_uid', '=', input.interactionUid).where('stage', '=', 'done').where('expires_at', '>', ctx.now()).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
