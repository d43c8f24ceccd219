import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { codeOf } from '../admin/test-support/fixture.js';
import { buildApp } from '../app.js';
import { findSession } from '../auth/sessions.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { addOobMethod, issueTap, verifyOneTimeCode } from '../factors/index.js';
import { codeAt, codeIn, enrolTotp, factorFixture, otherCode, type FactorFixture } from '../factors/test-support/fixtures.js';
import { LOCK_FAILURES } from '../throttle/index.js';
import { seedSessionToken } from '../test-support/context.js';

const MINUTE = 60_000;

forEachDialect('step-up re-authentication', (get) => {
  let f: FactorFixture;
  let app: FastifyInstance;
  let adminSecret: string;
  let adminTotpId: string;
  let adminToken: string;

  beforeAll(async () => {
    f = await factorFixture(get());
    app = await buildApp(f.ctx);
  });
  afterAll(async () => { await app.close(); });
  beforeEach(async () => {
    f = { ...(await factorFixture(get())), ctx: f.ctx };
    ({ secretBase32: adminSecret, methodId: adminTotpId } = await enrolTotp({ ...f, userId: f.adminId }));
    adminToken = await seedSessionToken(f.ctx, f.tenantId, f.adminId);
    // Each test starts in a later time step than the enrolment code it used.
    f.ctx.advance(MINUTE);
  });

  const stepUp = (token: string | undefined, payload: Record<string, unknown>, cookie = false) => app.inject({
    method: 'POST', url: '/api/me/step-up', payload,
    ...(token === undefined ? {} : cookie ? { cookies: { tessera_session: token } } : { headers: { authorization: `Bearer ${token}` } }),
  });
  const resetMfa = (token: string) => app.inject({
    method: 'POST', url: `/api/admin/users/${f.userId}/reset-mfa`, headers: { authorization: `Bearer ${token}` }, payload: { reason: 'lost phone' },
  });
  const audits = () => f.ctx.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'detail'])
    .where('tenant_id', '=', f.tenantId).where('action', '=', 'session.step_up').where('actor_user_id', '=', f.adminId).orderBy('seq').execute();

  it('a valid TOTP code moves the session\'s authentication time forward, so an MFA reset goes through without a new sign-in', async () => {
    f.ctx.advance(11 * MINUTE);
    const refused = await resetMfa(adminToken);
    expect([refused.statusCode, codeOf(refused)]).toEqual([401, 'ERR_STEP_UP_REQUIRED']);

    const now = f.ctx.now();
    const response = await stepUp(adminToken, { code: codeAt(f.ctx, adminSecret) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ verified: true, authTime: now });
    expect((await findSession(f.ctx, adminToken))?.authTime).toBe(now);
    expect((await resetMfa(adminToken)).statusCode).toBe(200);
    expect(await audits()).toEqual([{ action: 'session.step_up', actor_user_id: f.adminId, detail: JSON.stringify({ ok: true, method: 'totp' }) }]);
  });

  it('works with the session cookie as with a bearer, and with the codes of the neighbouring steps', async () => {
    const next = codeAt(f.ctx, adminSecret, 1);
    expect((await stepUp(adminToken, { code: codeAt(f.ctx, adminSecret, -1) }, true)).statusCode).toBe(200);
    expect((await stepUp(adminToken, { code: codeAt(f.ctx, adminSecret) })).statusCode).toBe(200);
    expect((await stepUp(adminToken, { code: `${next.slice(0, 3)} ${next.slice(3)}` }, true)).statusCode).toBe(200);
  });

  it('a code is accepted once: the replay fails, counts against the throttle and is audited', async () => {
    const code = codeAt(f.ctx, adminSecret);
    expect((await stepUp(adminToken, { code })).statusCode).toBe(200);
    const replay = await stepUp(adminToken, { code });
    expect([replay.statusCode, codeOf(replay)]).toEqual([401, 'ERR_OTP_INVALID']);
    // An older step after a newer one is refused too.
    const older = await stepUp(adminToken, { code: codeAt(f.ctx, adminSecret, -1) });
    expect(codeOf(older)).toBe('ERR_OTP_INVALID');
    expect((await audits()).map((a) => JSON.parse(a.detail) as unknown)).toEqual([{ ok: true, method: 'totp' }, { ok: false, method: 'totp' }, { ok: false, method: 'totp' }]);
    const adminEmail = (await f.ctx.db.selectFrom('users').select('email').where('id', '=', f.adminId).executeTakeFirstOrThrow()).email;
    expect((await f.ctx.db.selectFrom('throttle').select('failures').where('subject', '=', adminEmail).executeTakeFirst())?.failures).toBe(2);
  });

  it('of many parallel submissions of one code exactly one succeeds', async () => {
    const code = codeAt(f.ctx, adminSecret);
    const answers = await Promise.all(Array.from({ length: 20 }, () => stepUp(adminToken, { code })));
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(1);
    // The losers count as failures, so the later ones may already meet the back-off.
    expect(answers.filter((a) => a.statusCode !== 200).map(codeOf).every((c) => c === 'ERR_OTP_INVALID' || c === 'ERR_THROTTLED')).toBe(true);
  });

  it('a Temporary Access Pass session is refused, whatever the code', async () => {
    const { secretBase32 } = await enrolTotp(f);
    await issueTap(f.ctx, { tenantId: f.tenantId, targetUserId: f.userId, actorUserId: f.adminId });
    const tap = await f.ctx.db.selectFrom('taps').select('id').where('user_id', '=', f.userId).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
    const tapToken = await seedSessionToken(f.ctx, f.tenantId, f.userId, ['tap'], tap.id);
    const signedInAt = f.ctx.now();
    f.ctx.advance(MINUTE);
    const response = await stepUp(tapToken, { code: codeAt(f.ctx, secretBase32) });
    expect([response.statusCode, codeOf(response)]).toEqual([403, 'ERR_TAP_ONLY_REGISTRATION']);
    expect((await findSession(f.ctx, tapToken))?.authTime).toBe(signedInAt);
  });

  it('is throttled by the account like sign-in: failures back off, even a right code waits, a success resets', async () => {
    for (let i = 0; i < 6; i++) {
      expect(codeOf(await stepUp(adminToken, { code: otherCode(codeAt(f.ctx, adminSecret)) }))).toBe('ERR_OTP_INVALID');
    }
    const blocked = await stepUp(adminToken, { code: codeAt(f.ctx, adminSecret) });
    expect([blocked.statusCode, codeOf(blocked)]).toEqual([429, 'ERR_THROTTLED']);
    expect(blocked.json<{ error: { details: { retryAfterSeconds: number } } }>().error.details.retryAfterSeconds).toBe(30);
    f.ctx.advance(31_000);
    expect((await stepUp(adminToken, { code: codeAt(f.ctx, adminSecret) })).statusCode).toBe(200);
    const adminEmail = (await f.ctx.db.selectFrom('users').select('email').where('id', '=', f.adminId).executeTakeFirstOrThrow()).email;
    expect(await f.ctx.db.selectFrom('throttle').selectAll().where('subject', '=', adminEmail).execute()).toEqual([]);
  });

  it('a locked account stays locked', async () => {
    const adminEmail = (await f.ctx.db.selectFrom('users').select('email').where('id', '=', f.adminId).executeTakeFirstOrThrow()).email;
    await f.ctx.db.insertInto('throttle').values({ subject: adminEmail, failures: LOCK_FAILURES, blocked_until: 0, last_failure_at: f.ctx.now() }).execute();
    expect(codeOf(await stepUp(adminToken, { code: codeAt(f.ctx, adminSecret) }))).toBe('ERR_THROTTLED');
  });

  it('a TOTP code re-authenticates with its methodId named too, and a locked account is refused whichever method is named', async () => {
    expect((await stepUp(adminToken, { code: codeAt(f.ctx, adminSecret), methodId: adminTotpId })).statusCode).toBe(200);
    expect((await audits()).map((a) => JSON.parse(a.detail) as unknown)).toEqual([{ ok: true, method: 'totp' }]);
    const adminEmail = (await f.ctx.db.selectFrom('users').select('email').where('id', '=', f.adminId).executeTakeFirstOrThrow()).email;
    await f.ctx.db.insertInto('throttle').values({ subject: adminEmail, failures: LOCK_FAILURES, blocked_until: 0, last_failure_at: f.ctx.now() }).execute();
    f.ctx.advance(MINUTE);
    expect(codeOf(await stepUp(adminToken, { code: codeAt(f.ctx, adminSecret), methodId: adminTotpId }))).toBe('ERR_THROTTLED');
  });

  it('an email code sent to a verified method re-authenticates when its methodId is named; another user\'s method does not', async () => {
    const { methodId } = await addOobMethod(f.ctx, { tenantId: f.tenantId, userId: f.adminId, kind: 'email', target: `second.${f.adminId.slice(0, 6).toLowerCase()}@mail.example.test`, viaTap: false });
    expect(await verifyOneTimeCode(f.ctx, { tenantId: f.tenantId, userId: f.adminId, methodId, code: codeIn(f.ctx.emails.at(-1)?.text ?? ''), allowPending: true })).toBe(true);
    const sent = await app.inject({ method: 'POST', url: `/api/me/methods/${methodId}/send`, headers: { authorization: `Bearer ${adminToken}` }, payload: {} });
    expect(sent.statusCode).toBe(204);
    const code = codeIn(f.ctx.emails.at(-1)?.text ?? '');
    const userToken = await seedSessionToken(f.ctx, f.tenantId, f.userId);
    expect(codeOf(await stepUp(userToken, { code, methodId }))).toBe('ERR_OTP_INVALID');
    const response = await stepUp(adminToken, { code, methodId });
    expect(response.statusCode).toBe(200);
    expect(codeOf(await stepUp(adminToken, { code, methodId }))).toBe('ERR_OTP_INVALID');
    expect((await audits()).map((a) => JSON.parse(a.detail) as unknown)).toEqual([{ ok: true, method: 'email' }, { ok: false, method: 'email' }]);
  });

  it('refuses unknown fields, bad types, oversized codes and callers without a session', async () => {
    for (const payload of [{ code: '123456', extra: 1 }, { code: 123456 }, {}, { code: '1'.repeat(17) }, { code: '123456', methodId: '' }]) {
      const response = await stepUp(adminToken, payload);
      expect([response.statusCode, codeOf(response)]).toEqual([400, 'ERR_VALIDATION']);
    }
    const anonymous = await stepUp(undefined, { code: codeAt(f.ctx, adminSecret) });
    expect([anonymous.statusCode, codeOf(anonymous)]).toEqual([401, 'ERR_UNAUTHENTICATED']);
    expect(await audits()).toEqual([]);
  });
});
