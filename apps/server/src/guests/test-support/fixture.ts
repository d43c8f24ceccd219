/**
 * Two organisations on one server for the guest tests: the sign-in fixture's tenant is the home
 * tenant H (a user with a password and TOTP), and R is a second tenant with an admin, into which
 * H's user is invited as a guest.
 */
import type { TestDatabase } from '../../db/test-support/dialects.js';
import { beginTotpEnrollment, confirmTotpEnrollment } from '../../factors/index.js';
import { hashPassword } from '../../passwords/index.js';
import { PASSWORD, signInFixture, totpNow, type SignInFixture } from '../../signin/test-support/fixtures.js';
import { seedSessionToken, seedTenant, seedUser } from '../../test-support/context.js';
import { inviteGuest } from '../guests.js';

/** H (the sign-in fixture), R with its admin, and the guest's R account. */
export interface GuestFixture extends SignInFixture {
  readonly resource: { readonly tenantId: string; readonly domain: string; readonly adminId: string; readonly adminToken: string };
  readonly home: { readonly adminToken: string };
  /** The guest's user id in R. */
  readonly guestId: string;
}

/** Builds H and R and invites H's user into R. `env` adds configuration. Close `app` afterwards. */
export async function guestFixture(database: TestDatabase, env: Record<string, string> = {}): Promise<GuestFixture> {
  const f = await signInFixture(database, env);
  const { tenantId, domain } = await seedTenant(f.ctx, 'Resource');
  const adminId = await seedUser(f.ctx, tenantId, `admin@${domain}`, { role: 'admin', passwordHash: await hashPassword(f.ctx, PASSWORD) });
  const adminToken = await seedSessionToken(f.ctx, tenantId, adminId);
  const guest = await inviteGuest(f.ctx, { tenantId, email: f.email, actorUserId: adminId });
  const homeAdminToken = await seedSessionToken(f.ctx, f.tenantId, f.adminId);
  return { ...f, resource: { tenantId, domain, adminId, adminToken }, home: { adminToken: homeAdminToken }, guestId: guest.id };
}

/** Enrols a TOTP app for the guest in R; returns its secret and method id. */
export async function enrolGuestTotp(f: GuestFixture): Promise<{ secret: string; methodId: string }> {
  const begun = beginTotpEnrollment(f.ctx, { tenantId: f.resource.tenantId, userId: f.guestId, email: f.email });
  const methodId = await confirmTotpEnrollment(f.ctx, { tenantId: f.resource.tenantId, userId: f.guestId, enrollmentToken: begun.enrollmentToken, code: totpNow(f.ctx, begun.secretBase32), viaTap: false });
  f.ctx.advance(30_000);
  return { secret: begun.secretBase32, methodId };
}
