/**
 * Guests across organisations. A person of tenant H (home) invited into tenant R (resource)
 * gets a user row of R — role `user`, status active, their H address as email, no password of
 * its own — linked to their H account in `guests`. Everything R owns about the guest (methods,
 * TAP, devices, sessions, audit) hangs off that R row, so R's admins manage the guest with the
 * very routes they use for their own users, and tenant isolation keeps H's admins out of it (and
 * R's out of H) without any special case. The guest never signs in to R with a password: they
 * authenticate at H and R takes over (see `signin/guest.ts`).
 *
 * @module
 */
import { recordAudit } from '../audit/record.js';
import { revokeUserSessions } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import { newId } from '../crypto/tokens.js';
import { inTransaction } from '../tenants/tenants.js';
import { ServerError } from '../errors.js';
import { revokeUserGrants } from '../oidc/revoke.js';
import { findUserForSignIn } from '../users/users.js';
import { parseEmail } from '../users/email.js';

/** A guest as R's admins see it. */
export interface GuestJson {
  /** The guest's user id in R (use it with `/api/admin/users/:id/…` too). */
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  /** The domain of the home tenant (the guest's email domain). */
  readonly homeDomain: string;
  readonly status: 'active' | 'disabled';
  readonly createdAt: number;
}

/** The link of R's user row to its home account. */
export interface GuestLink {
  readonly tenantId: string;
  readonly userId: string;
  readonly homeTenantId: string;
  readonly homeUserId: string;
}

/** The one answer for every address that cannot be invited: unknown, disabled, own tenant. */
export const NOT_INVITABLE = 'this address cannot be invited as a guest';

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/**
 * Invites `email` (a user of another tenant on this server) into `tenantId`. Creates the guest's
 * user row and link, audits `guest.invite` in both tenants and emails the guest. Every address
 * that cannot be invited gets the same `ERR_VALIDATION`, whatever the reason.
 *
 * @example
 * const guest = await inviteGuest(ctx, { tenantId, email: 'ada@home.example', actorUserId: admin.id });
 */
export async function inviteGuest(ctx: ServerContext, input: { tenantId: string; email: string; actorUserId: string; ip?: string | null }): Promise<GuestJson> {
  const { email } = parseEmail(input.email);
  const home = await findUserForSignIn(ctx, email);
  if (home === undefined || home.tenant_id === input.tenantId) throw new ServerError('ERR_VALIDATION', NOT_INVITABLE);
  const existing = await ctx.db.selectFrom('guests').select('user_id').where('tenant_id', '=', input.tenantId).where('home_user_id', '=', home.id).executeTakeFirst();
  if (existing !== undefined) throw new ServerError('ERR_USER_EXISTS', 'this person is already a guest');
  const now = ctx.now();
  const userId = newId();
  try {
    await inTransaction(ctx.db, async (trx) => {
      await trx.insertInto('users').values({
        id: userId, tenant_id: input.tenantId, email: home.email, display_name: home.display_name, role: 'user', status: 'active',
        password_hash: null, created_at: now, updated_at: now,
      }).execute();
      await trx.insertInto('guests').values({ user_id: userId, tenant_id: input.tenantId, home_tenant_id: home.tenant_id, home_user_id: home.id, invited_by: input.actorUserId, created_at: now }).execute();
      await recordAudit(ctx, { tenantId: input.tenantId, action: 'admin.guest.invite', actorUserId: input.actorUserId, targetUserId: userId, ip: input.ip ?? null, detail: { homeDomain: domainOf(home.email) } }, trx);
      // H's admins see that one of their people was invited elsewhere (not by whom: that is R's business).
      await recordAudit(ctx, { tenantId: home.tenant_id, action: 'guest.invited', actorUserId: null, targetUserId: home.id, ip: null, detail: { resourceTenantId: input.tenantId } }, trx);
    });
  } catch (error) {
    throw new ServerError('ERR_USER_EXISTS', 'this person is already a guest', { cause: error });
  }
  await emailInvitation(ctx, input.tenantId, home.email);
  return { id: userId, email: home.email, displayName: home.display_name, homeDomain: domainOf(home.email), status: 'active', createdAt: now };
}

async function emailInvitation(ctx: ServerContext, tenantId: string, to: string): Promise<void> {
  const tenant = await ctx.db.selectFrom('tenants').select(['name', 'domains']).where('id', '=', tenantId).executeTakeFirstOrThrow();
  const domain = (JSON.parse(tenant.domains) as string[])[0] ?? '';
  const link = `${ctx.config.publicUrl}/signin?tenant=${encodeURIComponent(domain)}`;
  const text = [
    `You were invited as a guest of ${tenant.name}.`,
    '',
    `Sign in with your own work or school account at ${link}`,
    `${tenant.name} may ask you to set up a sign-in method of its own the first time.`,
    '',
    'If you did not expect this, tell your IT team.',
  ].join('\n');
  try {
    await ctx.mailer.send({ to, subject: `You were invited as a guest of ${tenant.name}`, text });
  } catch {
    ctx.log.warn({ tenantId }, 'guest invitation email not delivered');
  }
}

/** The guests of `tenantId`, oldest first. */
export async function listGuests(ctx: Pick<ServerContext, 'db'>, tenantId: string): Promise<GuestJson[]> {
  const rows = await ctx.db.selectFrom('guests').innerJoin('users', 'users.id', 'guests.user_id')
    .select(['users.id', 'users.email', 'users.display_name', 'users.status', 'guests.created_at'])
    .where('guests.tenant_id', '=', tenantId).where('users.tenant_id', '=', tenantId)
    .orderBy('guests.created_at').orderBy('users.id').execute();
  return rows.map((r) => ({ id: r.id, email: r.email, displayName: r.display_name, homeDomain: domainOf(r.email), status: r.status, createdAt: r.created_at }));
}

/** The link of guest `userId` of `tenantId`, or undefined (also for a user who is not a guest). */
export async function findGuest(ctx: Pick<ServerContext, 'db'>, tenantId: string, userId: string): Promise<GuestLink | undefined> {
  const row = await ctx.db.selectFrom('guests').selectAll().where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
  return row === undefined ? undefined : { tenantId: row.tenant_id, userId: row.user_id, homeTenantId: row.home_tenant_id, homeUserId: row.home_user_id };
}

/** The guest account in `tenantId` of home user `homeUserId`, if they are an active guest there. */
export async function findGuestOf(ctx: Pick<ServerContext, 'db'>, tenantId: string, home: { tenantId: string; userId: string }): Promise<GuestLink | undefined> {
  const row = await ctx.db.selectFrom('guests').innerJoin('users', 'users.id', 'guests.user_id')
    .select(['guests.user_id'])
    .where('guests.tenant_id', '=', tenantId).where('users.tenant_id', '=', tenantId).where('users.status', '=', 'active')
    .where('guests.home_tenant_id', '=', home.tenantId).where('guests.home_user_id', '=', home.userId)
    .executeTakeFirst();
  return row === undefined ? undefined : { tenantId, userId: row.user_id, homeTenantId: home.tenantId, homeUserId: home.userId };
}

/**
 * Removes guest `userId` from `tenantId`: ends their sessions and app grants, then deletes their
 * R user row (its methods, TAP, devices and link go with it). Audited in R. `ERR_NOT_FOUND` for
 * anyone who is not a guest of the tenant.
 */
export async function removeGuest(ctx: ServerContext, input: { tenantId: string; userId: string; actorUserId: string; ip?: string | null }): Promise<{ sessionsRevoked: number; grantsRevoked: number }> {
  const link = await findGuest(ctx, input.tenantId, input.userId);
  if (link === undefined) throw new ServerError('ERR_NOT_FOUND', 'no such guest');
  const sessionsRevoked = await revokeUserSessions(ctx, input.tenantId, input.userId);
  const grantsRevoked = await revokeUserGrants(ctx, input.tenantId, input.userId);
  await inTransaction(ctx.db, async (trx) => {
    await trx.deleteFrom('users').where('tenant_id', '=', input.tenantId).where('id', '=', input.userId).execute();
    await recordAudit(ctx, { tenantId: input.tenantId, action: 'admin.guest.remove', actorUserId: input.actorUserId, targetUserId: input.userId, ip: input.ip ?? null, detail: { sessionsRevoked, grantsRevoked } }, trx);
  });
  return { sessionsRevoked, grantsRevoked };
}
