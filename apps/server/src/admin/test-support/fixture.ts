/**
 * A tenant with an admin, a helpdesk operator and a user, each with a fresh full session, and
 * the app built over the test database — what every admin API test starts from.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Insertable } from 'kysely';
import { buildApp } from '../../app.js';
import { hashToken, newId } from '../../crypto/tokens.js';
import type { MethodsTable } from '../../db/schema.js';
import type { TestDatabase } from '../../db/test-support/dialects.js';
import { createTenant } from '../../tenants/tenants.js';
import { createTestContext, seedSessionToken, seedUser, type TestContext } from '../../test-support/context.js';

/** One seeded person. */
export interface Person {
  readonly id: string;
  readonly email: string;
  readonly token: string;
}

/** A seeded tenant. */
export interface SeededTenant {
  readonly tenantId: string;
  readonly domain: string;
  readonly admin: Person;
  readonly helpdesk: Person;
  readonly user: Person;
}

let counter = 0;

/** Creates a tenant (unique domain) with one person per role. */
export async function seedOrg(ctx: TestContext, label = 'org'): Promise<SeededTenant> {
  counter += 1;
  const domain = `${label}${counter}-${Math.random().toString(36).slice(2, 8)}.example`;
  const { tenantId } = await createTenant(ctx, { name: `${label} ${counter}`, domains: [domain] });
  const person = async (local: string, role: 'admin' | 'helpdesk' | 'user'): Promise<Person> => {
    const email = `${local}@${domain}`;
    const id = await seedUser(ctx, tenantId, email, { role });
    return { id, email, token: await seedSessionToken(ctx, tenantId, id) };
  };
  return { tenantId, domain, admin: await person('admin', 'admin'), helpdesk: await person('helpdesk', 'helpdesk'), user: await person('user', 'user') };
}

/**
 * Stores a verified method row directly (no enrolment: the admin routes only list, remove and
 * reset methods, so the seed need not open). A TOTP app labelled "Phone" unless `values` says otherwise.
 */
export async function insertMethod(ctx: TestContext, values: Pick<Insertable<MethodsTable>, 'id' | 'tenant_id' | 'user_id'> & Partial<Insertable<MethodsTable>>): Promise<void> {
  await ctx.db.insertInto('methods').values({
    kind: 'totp', label: 'Phone', secret_sealed: 'sealed', target: null, last_used_step: 0, registered_with_tap: 0,
    created_at: ctx.now(), last_used_at: null, verified_at: ctx.now(), ...values,
  }).execute();
}

/** A session of `userId` opened with a one-time Temporary Access Pass `createdBy` issued (already used, live for an hour). */
export async function seedTapSessionToken(ctx: TestContext, tenantId: string, userId: string, createdBy: string): Promise<string> {
  const tapId = newId();
  await ctx.db.insertInto('taps').values({
    id: tapId, tenant_id: tenantId, user_id: userId, pass_hash: hashToken(newId()), one_time: 1, created_by: createdBy,
    created_at: ctx.now(), expires_at: ctx.now() + 3_600_000, used_at: ctx.now(), revoked_at: null,
  }).execute();
  return seedSessionToken(ctx, tenantId, userId, ['tap'], tapId);
}

/** A context and app over `database`. */
export async function adminApp(database: TestDatabase): Promise<{ ctx: TestContext; app: FastifyInstance }> {
  const ctx = createTestContext(database);
  return { ctx, app: await buildApp(ctx) };
}

/** Calls the app as `token` (a JSON body when given). */
export function call(app: FastifyInstance, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, token: string | undefined, body?: unknown): Promise<LightMyRequestResponse> {
  return app.inject({
    method, url,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
  });
}

/** The error code of an answer. */
export function codeOf(response: LightMyRequestResponse): string | undefined {
  return (response.json<{ error?: { code?: string } }>()).error?.code;
}
