/**
 * Signing in to another organisation as its guest. The sign-in pages take a tenant hint — the
 * query parameter `tenant=<a domain of R>` on `/signin` (kept through the form as a hidden field),
 * or for apps the OIDC authorization request parameter `domain_hint=<a domain of R>`, which the
 * provider's interaction hands on as that same `tenant` parameter. The person then authenticates
 * at their home tenant H exactly as they would at H: password, then H's second factor. At the
 * point where H's sign-in would complete, the continuation recorded for the attempt takes over:
 * - R trusts H's MFA (cross-tenant setting): the session is R's, for the guest's R user, with
 *   H's `amr` plus `home_mfa` marking that the MFA was done at the home tenant;
 * - otherwise R's own second factor runs against the guest's R methods (a new attempt in R,
 *   so H's methods are never accepted for R; R's policy decides which of them count); a guest
 *   with no usable R method or authenticator goes on to R's Temporary Access Pass page (H
 *   password + R's pass → a registration-only session in R), still carrying the OIDC
 *   interaction: like a pass at home, R's pass finishes the CLI's device flow and nothing else.
 * The continuation hooks into `completeSignIn`, so it follows every home second factor (code,
 * push approval) alike; a TAP sign-in at home never continues (it may only register methods).
 * A hint naming an unknown domain, or a tenant where the person is not an active guest, fails
 * exactly like a wrong password: same page, same status, a throttle failure and an audit line.
 *
 * @module
 */
import type { FastifyReply } from 'fastify';
import { recordAudit } from '../audit/record.js';
import type { AuthMethodRef, Session } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import { hasPushDevice } from '../devices/devices.js';
import { listSignInMethods } from '../factors/index.js';
import { isServerError } from '../errors.js';
import { findGuestOf, tenantOfDomain, trustsHomeMfa } from '../guests/index.js';
import { recordFailure } from '../throttle/index.js';
import { normaliseEmail } from '../users/index.js';
import { ATTEMPT_LIFETIME_MS, startAttempt } from './attempts.js';
import type { CompletedSignIn } from './complete.js';
import { guestTapPathFor } from './guest-views.js';

/** The tenant hint as the forms and query strings accept it (a DNS name). */
export const TENANT_HINT = { type: 'string', pattern: '^[A-Za-z0-9.-]{3,253}$' } as const;

/**
 * An OIDC interaction uid as the sign-in forms and query strings accept it (the `interaction`
 * field of `/signin`, `/signin/tap` and `/signin/guest-tap`).
 */
export const INTERACTION_UID = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } as const;

/** The marker in `amr` of a guest session whose MFA was done at the home tenant. */
export const HOME_MFA: AuthMethodRef = 'home_mfa';

/** Where a sign-in with a tenant hint goes: R's guest account, or H itself. */
export type GuestTarget = { readonly kind: 'home' } | { readonly kind: 'guest'; readonly tenantId: string; readonly userId: string } | { readonly kind: 'refused' };

async function hintedTenant(ctx: ServerContext, hint: string): Promise<string | undefined> {
  try {
    return await tenantOfDomain(ctx, hint);
  } catch (error) {
    if (isServerError(error, 'ERR_VALIDATION')) return undefined;
    throw error;
  }
}

/**
 * Resolves the tenant hint for a person who just gave a correct password at home tenant
 * `home`. No hint, or a hint naming H, is an ordinary sign-in at H. A refusal is already
 * counted and audited: the caller answers with the generic failure.
 */
export async function resolveGuestTarget(ctx: ServerContext, hint: string | undefined, home: { tenantId: string; userId: string; email: string; ip: string }): Promise<GuestTarget> {
  if (hint === undefined || hint === '') return { kind: 'home' };
  const tenantId = await hintedTenant(ctx, hint);
  if (tenantId === home.tenantId) return { kind: 'home' };
  const guest = tenantId === undefined ? undefined : await findGuestOf(ctx, tenantId, home);
  if (guest === undefined) {
    await recordFailure(ctx, normaliseEmail(home.email));
    await recordAudit(ctx, { tenantId: home.tenantId, action: 'sign_in.failure', actorUserId: home.userId, targetUserId: home.userId, ip: home.ip, detail: { reason: 'not_a_guest' } });
    return { kind: 'refused' };
  }
  return { kind: 'guest', tenantId: guest.tenantId, userId: guest.userId };
}

/** Records that the home attempt `attemptId` is on its way to `target` (after `startAttempt`). */
export async function rememberGuestSignIn(ctx: ServerContext, attemptId: string, home: { tenantId: string; userId: string }, target: GuestTarget): Promise<void> {
  if (target.kind !== 'guest') return;
  await ctx.db.insertInto('guest_sign_ins').values({
    attempt_id: attemptId, home_tenant_id: home.tenantId, home_user_id: home.userId, tenant_id: target.tenantId, guest_user_id: target.userId,
    expires_at: ctx.now() + ATTEMPT_LIFETIME_MS,
  }).execute();
}

// Takes (and deletes) the continuation of the home attempt the sign-in finished.
async function takeContinuation(ctx: ServerContext, done: CompletedSignIn): Promise<{ tenantId: string; userId: string } | undefined> {
  if (done.attemptId === undefined) return undefined;
  const row = await ctx.db.deleteFrom('guest_sign_ins').where('attempt_id', '=', done.attemptId)
    .where('home_tenant_id', '=', done.tenantId).where('home_user_id', '=', done.userId)
    .returning(['tenant_id', 'guest_user_id', 'expires_at']).executeTakeFirst();
  if (row === undefined || row.expires_at <= ctx.now()) return undefined;
  return { tenantId: row.tenant_id, userId: row.guest_user_id };
}

/** What happens after the home tenant's sign-in of a guest. */
export type GuestContinuation =
  | { readonly kind: 'session'; readonly done: CompletedSignIn }
  | { readonly kind: 'redirect'; readonly to: string };

/**
 * Called where a sign-in completes: when it is a home sign-in (password and second factor at H)
 * on its way to R, says how it goes on; otherwise undefined and the sign-in completes as it is.
 */
export async function continueAsGuest(ctx: ServerContext, reply: FastifyReply, done: CompletedSignIn): Promise<GuestContinuation | undefined> {
  if (done.tapId !== undefined || !done.amr.includes('mfa')) return undefined;
  const target = await takeContinuation(ctx, done);
  if (target === undefined) return undefined;
  const stillGuest = await findGuestOf(ctx, target.tenantId, { tenantId: done.tenantId, userId: done.userId });
  if (stillGuest?.userId !== target.userId) return { kind: 'redirect', to: '/signin' };
  if (await trustsHomeMfa(ctx, target.tenantId, done.tenantId)) {
    const amr = [...new Set<AuthMethodRef>([...done.amr, HOME_MFA])];
    return { kind: 'session', done: { tenantId: target.tenantId, userId: target.userId, amr, interactionUid: done.interactionUid } };
  }
  const methods = await listSignInMethods(ctx, target.tenantId, target.userId);
  // R's pass page keeps the OIDC interaction: a pass may still finish the CLI's device flow there.
  if (methods.length === 0 && !(await hasPushDevice(ctx, target.tenantId, target.userId))) return { kind: 'redirect', to: guestTapPathFor(await primaryDomain(ctx, target.tenantId), done.interactionUid ?? undefined) };
  await startAttempt(ctx, reply, { tenantId: target.tenantId, userId: target.userId, interactionUid: done.interactionUid });
  return { kind: 'redirect', to: '/signin/factor' };
}

async function primaryDomain(ctx: ServerContext, tenantId: string): Promise<string> {
  const row = await ctx.db.selectFrom('tenant_domains').select('domain').where('tenant_id', '=', tenantId).orderBy('domain').executeTakeFirst();
  return row?.domain ?? '';
}

/** The `domain_hint` of an OIDC authorization request, when it is a usable tenant hint. */
export function domainHintOf(params: Readonly<Record<string, unknown>>): string | undefined {
  const hint = params['domain_hint'];
  return typeof hint === 'string' && new RegExp(TENANT_HINT.pattern).test(hint) ? hint.toLowerCase() : undefined;
}

/** Whether a live session may answer a request hinted at `hint` (no hint: any session). */
export async function sessionFitsHint(ctx: ServerContext, session: Session, hint: string | undefined): Promise<boolean> {
  if (hint === undefined) return true;
  return (await hintedTenant(ctx, hint)) === session.tenantId;
}

/** The sign-in page for an OIDC interaction, carrying the tenant hint. */
export function signInPathFor(uid: string, hint: string | undefined): string {
  return `/signin?interaction=${encodeURIComponent(uid)}${hint === undefined ? '' : `&tenant=${encodeURIComponent(hint)}`}`;
}
