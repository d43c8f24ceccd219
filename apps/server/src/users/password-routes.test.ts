import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminApp, call, codeOf, seedOrg, seedTapSessionToken, type SeededTenant } from '../admin/test-support/fixture.js';
import { findSession } from '../auth/sessions.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { verifyPassword } from '../passwords/hash.js';
import { seedSessionToken, type TestContext } from '../test-support/context.js';
import { throttleState } from '../throttle/throttle.js';
import { getUser } from './users.js';

forEachDialect('POST /api/me/password', (get) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let org: SeededTenant;

  beforeAll(async () => {
    ({ ctx, app } = await adminApp(get()));
    org = await seedOrg(ctx, 'pw');
  });
  afterAll(async () => { await app.close(); });

  const tapSession = () => seedTapSessionToken(ctx, org.tenantId, org.user.id, org.admin.id);

  it('a TAP session sets the first password (policy-checked), other sessions end, the user is told', async () => {
    const tap = await tapSession();
    const weak = await call(app, 'POST', '/api/me/password', tap, { newPassword: 'iloveyou' });
    expect([weak.statusCode, codeOf(weak)]).toEqual([422, 'ERR_PASSWORD_POLICY']);
    const set = await call(app, 'POST', '/api/me/password', tap, { newPassword: 'first light over the quay' });
    expect(set.statusCode).toBe(204);
    const user = await getUser(ctx, org.tenantId, org.user.id);
    expect((await verifyPassword(ctx, user?.password_hash ?? null, 'first light over the quay')).ok).toBe(true);
    expect(await findSession(ctx, org.user.token)).toBeUndefined();
    expect(await findSession(ctx, tap)).toBeDefined();
    expect(ctx.emails.some((m) => m.to === org.user.email && m.subject === 'Your password was changed')).toBe(true);
    const audit = await ctx.db.selectFrom('audit_log').select('detail').where('action', '=', 'password.change').where('target_user_id', '=', org.user.id).execute();
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({ first: true, viaTap: true });
    expect(audit[0]?.detail).not.toContain('quay');
  });

  it('once a password exists, a TAP alone cannot replace it', async () => {
    const tap = await tapSession();
    const response = await call(app, 'POST', '/api/me/password', tap, { newPassword: 'taken over by the pass' });
    expect([response.statusCode, codeOf(response)]).toEqual([400, 'ERR_VALIDATION']);
  });

  it('changing needs the current password; wrong ones are throttled like sign-in', async () => {
    const token = await seedSessionToken(ctx, org.tenantId, org.user.id);
    const missing = await call(app, 'POST', '/api/me/password', token, { newPassword: 'second light over the quay' });
    expect(codeOf(missing)).toBe('ERR_VALIDATION');
    for (let i = 0; i < 6; i++) {
      const wrong = await call(app, 'POST', '/api/me/password', token, { currentPassword: 'not it at all', newPassword: 'second light over the quay' });
      expect(codeOf(wrong)).toBe('ERR_SIGN_IN_FAILED');
    }
    const throttled = await call(app, 'POST', '/api/me/password', token, { currentPassword: 'first light over the quay', newPassword: 'second light over the quay' });
    expect([throttled.statusCode, codeOf(throttled)]).toEqual([429, 'ERR_THROTTLED']);
    ctx.advance(31_000);
    const ok = await call(app, 'POST', '/api/me/password', token, { currentPassword: 'first light over the quay', newPassword: 'second light over the quay' });
    expect(ok.statusCode).toBe(204);
    expect((await throttleState(ctx, org.user.email)).failures).toBe(0);
  });

  it('rejects unknown fields and anonymous callers', async () => {
    const token = await seedSessionToken(ctx, org.tenantId, org.user.id);
    const extra = await call(app, 'POST', '/api/me/password', token, { newPassword: 'x'.repeat(20), userId: org.admin.id });
    expect([extra.statusCode, codeOf(extra)]).toEqual([400, 'ERR_VALIDATION']);
    const anonymous = await call(app, 'POST', '/api/me/password', undefined, { newPassword: 'x'.repeat(20) });
    expect([anonymous.statusCode, codeOf(anonymous)]).toEqual([401, 'ERR_UNAUTHENTICATED']);
  });
});
