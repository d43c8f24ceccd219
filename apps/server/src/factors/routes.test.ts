import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { seedSessionToken } from '../test-support/context.js';
import { removeAllMethods } from './methods.js';
import { issueTap, redeemTap } from './tap.js';
import { codeAt, enrolTotp, factorFixture, type FactorFixture } from './test-support/fixtures.js';

forEachDialect('/api/me/methods', (get) => {
  let f: FactorFixture;
  let app: FastifyInstance;
  let token: string;
  beforeEach(async () => {
    f = await factorFixture(get());
    app = await buildApp(f.ctx);
    token = await seedSessionToken(f.ctx, f.tenantId, f.userId);
  });
  afterEach(async () => { await app.close(); });
  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, bearer = token) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

  it('registers a TOTP app: begin → confirm → listed', async () => {
    const begun = await call('POST', '/api/me/methods/totp/begin', { label: 'Work phone' });
    expect(begun.statusCode).toBe(200);
    const { enrollmentToken, secretBase32, otpauthUri } = begun.json<{ enrollmentToken: string; secretBase32: string; otpauthUri: string }>();
    expect(otpauthUri).toContain(`secret=${secretBase32}`);
    const confirmed = await call('POST', '/api/me/methods/totp/confirm', { enrollmentToken, code: codeAt(f.ctx, secretBase32) });
    expect(confirmed.statusCode).toBe(201);
    const { methodId } = confirmed.json<{ methodId: string }>();
    const list = await call('GET', '/api/me/methods');
    expect(list.json()).toEqual({ methods: [{ id: methodId, kind: 'totp', label: 'Work phone', createdAt: f.ctx.now(), lastUsedAt: f.ctx.now(), registeredWithTap: false, pending: false }] });
    expect(list.body).not.toContain(secretBase32);
  });

  it('a wrong first code is 401 ERR_OTP_INVALID; a tampered token is 400 ERR_ENROLLMENT_INVALID', async () => {
    const { enrollmentToken, secretBase32 } = (await call('POST', '/api/me/methods/totp/begin', {})).json<{ enrollmentToken: string; secretBase32: string }>();
    const wrong = await call('POST', '/api/me/methods/totp/confirm', { enrollmentToken, code: codeAt(f.ctx, secretBase32, 3) });
    expect([wrong.statusCode, wrong.json<{ error: { code: string } }>().error.code]).toEqual([401, 'ERR_OTP_INVALID']);
    const tampered = await call('POST', '/api/me/methods/totp/confirm', { enrollmentToken: `${enrollmentToken}x`, code: codeAt(f.ctx, secretBase32) });
    expect([tampered.statusCode, tampered.json<{ error: { code: string } }>().error.code]).toEqual([400, 'ERR_ENROLLMENT_INVALID']);
  });

  it('registers an email address: add → code → verify; resend works', async () => {
    const added = await call('POST', '/api/me/methods/oob', { kind: 'email', target: 'Ada@Mail.Example.Test' });
    expect(added.statusCode).toBe(201);
    const { methodId } = added.json<{ methodId: string }>();
    const resent = await call('POST', `/api/me/methods/${methodId}/send`, {});
    expect(resent.statusCode).toBe(204);
    const code = /(\d{6})/.exec(f.ctx.emails.at(-1)?.text ?? '')?.[1] ?? '';
    const wrong = await call('POST', `/api/me/methods/${methodId}/verify`, { code: code === '000000' ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(401);
    const verified = await call('POST', `/api/me/methods/${methodId}/verify`, { code });
    expect([verified.statusCode, verified.json()]).toEqual([200, { verified: true }]);
  });

  it('a TAP session may register (flagged) but not remove methods', async () => {
    const { methodId: existing } = await enrolTotp(f);
    const { pass } = await issueTap(f.ctx, { tenantId: f.tenantId, targetUserId: f.userId, actorUserId: f.adminId });
    const tap = await redeemTap(f.ctx, { tenantId: f.tenantId, userId: f.userId, pass });
    const tapToken = await seedSessionToken(f.ctx, f.tenantId, f.userId, ['tap'], tap?.tapId ?? null);
    f.ctx.advance(30_000);
    const { enrollmentToken, secretBase32 } = (await call('POST', '/api/me/methods/totp/begin', {}, tapToken)).json<{ enrollmentToken: string; secretBase32: string }>();
    const confirmed = await call('POST', '/api/me/methods/totp/confirm', { enrollmentToken, code: codeAt(f.ctx, secretBase32) }, tapToken);
    expect(confirmed.statusCode).toBe(201);
    const methods = (await call('GET', '/api/me/methods', undefined, tapToken)).json<{ methods: { id: string; registeredWithTap: boolean }[] }>().methods;
    expect(methods.map((m) => m.registeredWithTap)).toEqual([false, true]);
    const refused = await call('DELETE', `/api/me/methods/${existing}`, undefined, tapToken);
    expect([refused.statusCode, refused.json<{ error: { code: string } }>().error.code]).toEqual([403, 'ERR_TAP_ONLY_REGISTRATION']);
  });

  it('DELETE removes one of the caller\'s own methods (audited, notified); another user\'s method is 404', async () => {
    const { methodId } = await enrolTotp(f);
    const adminToken = await seedSessionToken(f.ctx, f.tenantId, f.adminId);
    expect((await call('DELETE', `/api/me/methods/${methodId}`, undefined, adminToken)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/me/methods/${methodId}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/me/methods/${methodId}`)).statusCode).toBe(404);
    const actions = await f.ctx.db.selectFrom('audit_log').select('action').where('tenant_id', '=', f.tenantId).orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual(['method.add', 'method.remove']);
    expect(f.ctx.emails.at(-1)?.subject).toBe('A sign-in method was removed from your account');
  });

  it('removeAllMethods deletes every method of the user only, and audits the count', async () => {
    await enrolTotp(f);
    await enrolTotp(f);
    const other = await factorFixture(get());
    await enrolTotp(other);
    expect(await removeAllMethods(f.ctx, { tenantId: f.tenantId, userId: f.userId, actorUserId: f.adminId })).toBe(2);
    expect(await f.ctx.db.selectFrom('methods').select('id').where('user_id', '=', f.userId).execute()).toEqual([]);
    expect(await f.ctx.db.selectFrom('methods').select('id').where('user_id', '=', other.userId).execute()).toHaveLength(1);
    const audit = await f.ctx.db.selectFrom('audit_log').select(['action', 'detail']).where('tenant_id', '=', f.tenantId).where('action', '=', 'method.remove_all').execute();
    expect(audit).toEqual([{ action: 'method.remove_all', detail: '{"count":2}' }]);
  });

  it('rejects unknown fields, wrong types and missing sessions with clear 4xx answers', async () => {
    const extra = await call('POST', '/api/me/methods/oob', { kind: 'email', target: 'a@b.example', admin: true });
    expect([extra.statusCode, extra.json<{ error: { code: string } }>().error.code]).toEqual([400, 'ERR_VALIDATION']);
    expect((await call('POST', '/api/me/methods/oob', { kind: 'fax', target: '1' })).statusCode).toBe(400);
    expect((await call('POST', '/api/me/methods/totp/confirm', { enrollmentToken: 'x', code: 123456 })).statusCode).toBe(400);
    const anonymous = await app.inject({ method: 'GET', url: '/api/me/methods' });
    expect([anonymous.statusCode, anonymous.json<{ error: { code: string } }>().error.code]).toEqual([401, 'ERR_UNAUTHENTICATED']);
  });
});
