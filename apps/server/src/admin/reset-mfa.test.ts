import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findSession } from '../auth/sessions.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { seedSessionToken, type TestContext } from '../test-support/context.js';
import { adminApp, call, codeOf, insertMethod, seedOrg, type SeededTenant } from './test-support/fixture.js';

function addMethod(ctx: TestContext, org: SeededTenant, id: string, kind: 'totp' | 'email'): Promise<void> {
  return insertMethod(ctx, {
    id, tenant_id: org.tenantId, user_id: org.user.id, kind, label: `${kind} method`, secret_sealed: kind === 'totp' ? 'sealed' : null,
    target: kind === 'email' ? `private-${id}@mail.example` : null,
  });
}

forEachDialect('admin MFA reset', (get) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let org: SeededTenant;

  beforeAll(async () => {
    ({ ctx, app } = await adminApp(get()));
    org = await seedOrg(ctx, 'reset');
  });
  afterAll(async () => { await app.close(); });

  it('needs step-up: a sign-in older than 10 minutes is refused and changes nothing', async () => {
    await addMethod(ctx, org, 'stale-totp', 'totp');
    ctx.advance(11 * 60_000);
    const staleAdmin = await seedSessionToken(ctx, org.tenantId, org.admin.id);
    ctx.advance(10 * 60_000 + 1);
    const response = await call(app, 'POST', `/api/admin/users/${org.user.id}/reset-mfa`, staleAdmin, { reason: 'lost phone' });
    expect([response.statusCode, codeOf(response)]).toEqual([401, 'ERR_STEP_UP_REQUIRED']);
    expect(await ctx.db.selectFrom('methods').select('id').where('id', '=', 'stale-totp').executeTakeFirst()).toBeDefined();
    await ctx.db.deleteFrom('methods').where('id', '=', 'stale-totp').execute();
  });

  it('deletes every method, revokes push devices, ends every session (the bearer stops working), revokes the TAP, notifies and audits who/why/ticket', async () => {
    await addMethod(ctx, org, 'r-totp', 'totp');
    await addMethod(ctx, org, 'r-email', 'email');
    const userTokens = [org.user.token, await seedSessionToken(ctx, org.tenantId, org.user.id), await seedSessionToken(ctx, org.tenantId, org.user.id)];
    expect((await call(app, 'GET', '/api/me/methods', userTokens[0])).statusCode).toBe(200);
    const tap = await call(app, 'POST', `/api/admin/users/${org.user.id}/tap`, org.helpdesk.token, {});
    expect(tap.statusCode).toBe(201);
    await ctx.db.insertInto('devices').values({
      id: 'r-device', tenant_id: org.tenantId, user_id: org.user.id, name: 'Old phone', public_key: '{}', thumbprint: 'tp-r-device',
      registered_with_tap: 0, created_at: ctx.now(), last_seen_at: null, revoked_at: null,
    }).execute();
    const admin = await seedSessionToken(ctx, org.tenantId, org.admin.id);
    const emailsBefore = ctx.emails.length;

    const response = await call(app, 'POST', `/api/admin/users/${org.user.id}/reset-mfa`, admin, { reason: 'phone stolen', ticket: 'HD-4711' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ methodsRemoved: 2, devicesRevoked: 1, sessionsRevoked: 3, tapRevoked: true });
    expect((await ctx.db.selectFrom('devices').select('revoked_at').where('id', '=', 'r-device').executeTakeFirstOrThrow()).revoked_at).not.toBeNull();

    expect(await ctx.db.selectFrom('methods').select('id').where('user_id', '=', org.user.id).execute()).toEqual([]);
    for (const token of userTokens) {
      expect(await findSession(ctx, token)).toBeUndefined();
      const me = await call(app, 'GET', '/api/me/methods', token);
      expect([me.statusCode, codeOf(me)]).toEqual([401, 'ERR_UNAUTHENTICATED']);
    }
    const liveTaps = await ctx.db.selectFrom('taps').select('id').where('user_id', '=', org.user.id).where('revoked_at', 'is', null).execute();
    expect(liveTaps).toEqual([]);
    // The admin's own session is untouched.
    expect(await findSession(ctx, admin)).toBeDefined();

    const notices = ctx.emails.slice(emailsBefore).filter((m) => m.subject === 'Your sign-in methods were reset');
    expect(notices.map((m) => m.to).sort()).toEqual([org.user.email, 'private-r-email@mail.example'].sort());
    expect(notices[0]?.text).toContain('HD-4711');

    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', org.tenantId).where('action', '=', 'admin.mfa.reset').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: org.admin.id, target_user_id: org.user.id });
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({ reason: 'phone stolen', ticket: 'HD-4711', methodsRemoved: 2, sessionsRevoked: 3 });
  });

  it('needs a reason', async () => {
    const admin = await seedSessionToken(ctx, org.tenantId, org.admin.id);
    for (const body of [{}, { reason: '' }, { ticket: 'HD-1' }]) {
      const response = await call(app, 'POST', `/api/admin/users/${org.user.id}/reset-mfa`, admin, body);
      expect([response.statusCode, codeOf(response)]).toEqual([400, 'ERR_VALIDATION']);
    }
  });
});
