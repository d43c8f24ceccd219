import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { approvalProof, deviceToken, newTestKey, pushFixture, sendPush, type PushFixture, type TestKey } from '../approvals/test-support/device.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { issueTap, redeemTap } from '../factors/tap.js';
import { DEFAULT_POLICY, setTenantPolicy } from '../tenants/policy.js';
import { seedSessionToken, seedTenant, seedUser } from '../test-support/context.js';

forEachDialect('/api/devices and device tokens', (get) => {
  let f: PushFixture;
  let app: FastifyInstance;
  let token: string;
  beforeEach(async () => {
    f = await pushFixture(get());
    app = await buildApp(f.ctx);
    token = await seedSessionToken(f.ctx, f.tenantId, f.userId, ['pwd', 'otp', 'mfa']);
  });
  afterEach(async () => { await app.close(); });
  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, bearer = token) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  const errorOf = (r: { statusCode: number; body: string }) => [r.statusCode, (JSON.parse(r.body) as { error?: { code: string } }).error?.code];

  it('registers a device after a fresh sign-in with a second factor: stored key and thumbprint, audited, emailed', async () => {
    const key = await newTestKey();
    f.ctx.advance(1000);
    const res = await call('POST', '/api/devices', { name: 'Work phone', publicKey: key.publicJwk });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ device: { id: string; name: string; thumbprint: string; registeredWithTap: boolean }; tokenAudience: string; tokenMaxLifetimeSeconds: number }>();
    expect(body).toMatchObject({ device: { name: 'Work phone', registeredWithTap: false }, tokenAudience: f.ctx.config.publicUrl, tokenMaxLifetimeSeconds: 300, allowWorkSecretBackup: false });
    const row = await f.ctx.db.selectFrom('devices').selectAll().where('id', '=', body.device.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.public_key)).toEqual({ kty: 'EC', crv: 'P-256', x: key.publicJwk.x, y: key.publicJwk.y });
    expect(row.thumbprint).toBe(body.device.thumbprint);
    const audit = await f.ctx.db.selectFrom('audit_log').select(['action', 'detail']).where('tenant_id', '=', f.tenantId).where('action', '=', 'device.register').orderBy('seq').execute();
    expect(JSON.parse(audit.at(-1)?.detail ?? '{}')).toMatchObject({ deviceId: body.device.id, viaTap: false });
    expect(f.ctx.emails.at(-1)).toMatchObject({ to: f.email, subject: 'An authenticator was registered for sign-in approvals' });
    const list = (await call('GET', '/api/devices')).json<{ devices: { id: string }[] }>();
    expect(list.devices.map((d) => d.id)).toEqual([f.device.id, body.device.id]);
    expect(errorOf(await call('POST', '/api/devices', { name: 'Again', publicKey: key.publicJwk }))).toEqual([409, 'ERR_DEVICE_EXISTS']);
  });

  it('the registration answer carries the tenant\'s allowWorkSecretBackup', async () => {
    await setTenantPolicy(f.ctx, f.tenantId, { ...DEFAULT_POLICY, allowWorkSecretBackup: true });
    const res = await call('POST', '/api/devices', { name: 'Allowed', publicKey: (await newTestKey()).publicJwk });
    expect(res.statusCode).toBe(201);
    expect(res.json<{ allowWorkSecretBackup: unknown }>().allowWorkSecretBackup).toBe(true);
  });

  it('refuses a password-only session, a stale sign-in, no session, and invalid keys or fields', async () => {
    const key = await newTestKey();
    const passwordOnly = await seedSessionToken(f.ctx, f.tenantId, f.userId, ['pwd']);
    expect(errorOf(await call('POST', '/api/devices', { name: 'P', publicKey: key.publicJwk }, passwordOnly))).toEqual([401, 'ERR_STEP_UP_REQUIRED']);
    f.ctx.advance(10 * 60_000 + 1);
    expect(errorOf(await call('POST', '/api/devices', { name: 'P', publicKey: key.publicJwk }))).toEqual([401, 'ERR_STEP_UP_REQUIRED']);
    const fresh = await seedSessionToken(f.ctx, f.tenantId, f.userId);
    expect(errorOf(await call('POST', '/api/devices', { name: 'P', publicKey: key.publicJwk }, 'nobody-nobody-nobody'))).toEqual([401, 'ERR_UNAUTHENTICATED']);
    expect(errorOf(await call('POST', '/api/devices', { name: 'P', publicKey: { ...key.publicJwk, d: 'AAAA' } }, fresh))[0]).toBe(400);
    expect(errorOf(await call('POST', '/api/devices', { name: 'P', publicKey: { ...key.publicJwk, y: key.publicJwk.x } }, fresh))).toEqual([400, 'ERR_DEVICE_KEY_INVALID']);
    expect(errorOf(await call('POST', '/api/devices', { name: 'P', publicKey: key.publicJwk, secret: 'x' }, fresh))).toEqual([400, 'ERR_VALIDATION']);
    expect(errorOf(await call('POST', '/api/devices', { name: 'a\u0007b', publicKey: key.publicJwk }, fresh))).toEqual([400, 'ERR_VALIDATION']);
    expect((await call('GET', '/api/devices', undefined, fresh)).json<{ devices: unknown[] }>().devices).toHaveLength(1);
  });

  it('a TAP session may register (flagged, alerted) but not remove a device', async () => {
    const adminId = await seedUser(f.ctx, f.tenantId, `admin@${f.domain}`, { role: 'admin' });
    const { pass } = await issueTap(f.ctx, { tenantId: f.tenantId, targetUserId: f.userId, actorUserId: adminId });
    const tap = await redeemTap(f.ctx, { tenantId: f.tenantId, userId: f.userId, pass });
    const tapToken = await seedSessionToken(f.ctx, f.tenantId, f.userId, ['tap'], tap?.tapId ?? null);
    const key = await newTestKey();
    const res = await call('POST', '/api/devices', { name: 'New phone', publicKey: key.publicJwk }, tapToken);
    expect(res.statusCode).toBe(201);
    expect(res.json<{ device: { registeredWithTap: boolean } }>().device.registeredWithTap).toBe(true);
    expect(f.alerts.map((a) => a['alert'])).toContain('device.register.tap');
    expect(errorOf(await call('DELETE', `/api/devices/${f.device.id}`, undefined, tapToken))).toEqual([403, 'ERR_TAP_ONLY_REGISTRATION']);
  });

  it('DELETE revokes one\'s own device (audited, emailed); another user\'s device is 404', async () => {
    const other = await seedUser(f.ctx, f.tenantId, `bob@${f.domain}`);
    const otherToken = await seedSessionToken(f.ctx, f.tenantId, other);
    expect((await call('DELETE', `/api/devices/${f.device.id}`, undefined, otherToken)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/devices/${f.device.id}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/devices/${f.device.id}`)).statusCode).toBe(404);
    expect((await call('GET', '/api/devices')).json<{ devices: unknown[] }>().devices).toEqual([]);
    expect(f.ctx.emails.at(-1)?.subject).toBe('An authenticator was removed from your account');
    const device = await deviceToken(f.ctx, f.key, f.device.id);
    expect(errorOf(await call('GET', '/api/device/approvals', undefined, device))).toEqual([401, 'ERR_DEVICE_REVOKED']);
  });

  it('the same device revoked 5 times at once: one revocation, audited and emailed once; the rest are 404', async () => {
    const emailsBefore = f.ctx.emails.length;
    const answers = await Promise.all(Array.from({ length: 5 }, () => call('DELETE', `/api/devices/${f.device.id}`)));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([204, 404, 404, 404, 404]);
    const audit = await f.ctx.db.selectFrom('audit_log').select('action').where('tenant_id', '=', f.tenantId).where('action', '=', 'device.remove').execute();
    expect(audit).toHaveLength(1);
    expect(f.ctx.emails.slice(emailsBefore).map((m) => m.subject)).toEqual(['An authenticator was removed from your account']);
  });

  it('device tokens: ES256 by the device key, for this server, short-lived, single use', async () => {
    const ok = await deviceToken(f.ctx, f.key, f.device.id);
    expect((await call('GET', '/api/device/approvals', undefined, ok)).statusCode).toBe(200);
    expect(errorOf(await call('GET', '/api/device/approvals', undefined, ok))).toEqual([401, 'ERR_DEVICE_TOKEN_INVALID']);
    const stranger: TestKey = await newTestKey();
    const now = Math.floor(f.ctx.now() / 1000);
    // The same signature spelled with non-zero spare bits in its last character.
    const fresh = await deviceToken(f.ctx, f.key, f.device.id);
    const respelled = `${fresh.slice(0, -1)}${String.fromCharCode(fresh.charCodeAt(fresh.length - 1) + 1)}`;
    const bad = [
      respelled,
      await deviceToken(f.ctx, f.key, f.device.id, { key: stranger.privateKey }),
      await deviceToken(f.ctx, f.key, f.device.id, { audience: 'https://elsewhere.example' }),
      await deviceToken(f.ctx, f.key, f.device.id, { lifetimeSeconds: 301 }),
      await deviceToken(f.ctx, f.key, f.device.id, { iat: now - 400, lifetimeSeconds: 300 }),
      await deviceToken(f.ctx, f.key, f.device.id, { iat: now + 600 }),
      await deviceToken(f.ctx, f.key, f.device.id, { typ: null }),
      await deviceToken(f.ctx, f.key, f.device.id, { jti: 'short' }),
      await deviceToken(f.ctx, f.key, f.device.id, { subject: 'unknown-device' }),
      'Bearer-less', '',
    ];
    for (const t of bad) expect(errorOf(await call('GET', '/api/device/approvals', undefined, t))).toEqual([401, 'ERR_DEVICE_TOKEN_INVALID']);
    const session = await call('GET', '/api/device/approvals');
    expect(errorOf(session)).toEqual([401, 'ERR_DEVICE_TOKEN_INVALID']);
  });

  it('admins list a user\'s devices and revoke a lost one: its approvals stop working at once; helpdesk acts on ordinary users only; other tenants see nothing', async () => {
    const adminId = await seedUser(f.ctx, f.tenantId, `admin@${f.domain}`, { role: 'admin' });
    const helpdeskId = await seedUser(f.ctx, f.tenantId, `help@${f.domain}`, { role: 'helpdesk' });
    const admin = await seedSessionToken(f.ctx, f.tenantId, adminId);
    const helpdesk = await seedSessionToken(f.ctx, f.tenantId, helpdeskId);
    const user = await seedSessionToken(f.ctx, f.tenantId, f.userId);
    const other = await seedTenant(f.ctx, 'Other');
    const otherAdmin = await seedSessionToken(f.ctx, other.tenantId, await seedUser(f.ctx, other.tenantId, `admin@${other.domain}`, { role: 'admin' }));

    const listed = await call('GET', `/api/admin/users/${f.userId}/devices`, undefined, helpdesk);
    expect(listed.json()).toMatchObject({ devices: [{ id: f.device.id, name: 'Ada’s phone' }], pushLocked: false });
    expect(errorOf(await call('GET', `/api/admin/users/${f.userId}/devices`, undefined, user))).toEqual([403, 'ERR_FORBIDDEN']);
    expect(errorOf(await call('GET', `/api/admin/users/${f.userId}/devices`, undefined, otherAdmin))).toEqual([404, 'ERR_NOT_FOUND']);
    expect(errorOf(await call('DELETE', `/api/admin/users/${f.userId}/devices/${f.device.id}`, undefined, otherAdmin))).toEqual([404, 'ERR_NOT_FOUND']);
    const adminKey = await newTestKey();
    const adminPhone = await call('POST', '/api/devices', { name: 'Admin phone', publicKey: adminKey.publicJwk }, admin);
    const adminDeviceId = adminPhone.json<{ device: { id: string } }>().device.id;
    expect(errorOf(await call('DELETE', `/api/admin/users/${adminId}/devices/${adminDeviceId}`, undefined, helpdesk))).toEqual([403, 'ERR_FORBIDDEN']);

    const { nonce, ...p } = await sendPush(f, 'a', { app: 'Mail' });
    expect((await call('DELETE', `/api/admin/users/${f.userId}/devices/${f.device.id}`, undefined, helpdesk)).statusCode).toBe(204);
    const proof = await approvalProof(f.ctx, f.key.privateKey, { approvalId: p.approvalId, decision: 'approve', number: p.number, nonce });
    const decided = await call('POST', `/api/device/approvals/${p.approvalId}`, { decision: 'approve', number: p.number, proof }, await deviceToken(f.ctx, f.key, f.device.id));
    expect(errorOf(decided)).toEqual([401, 'ERR_DEVICE_REVOKED']);
    const audit = await f.ctx.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('tenant_id', '=', f.tenantId).where('action', '=', 'admin.device.revoke').execute();
    expect(audit).toEqual([{ action: 'admin.device.revoke', actor_user_id: helpdeskId }]);
    expect(f.ctx.emails.at(-1)).toMatchObject({ to: f.email, subject: 'An authenticator was removed from your account' });
  });

  it('push-unlock lifts the lock after "this wasn\'t me" (admin, helpdesk for ordinary users)', async () => {
    const helpdesk = await seedSessionToken(f.ctx, f.tenantId, await seedUser(f.ctx, f.tenantId, `help@${f.domain}`, { role: 'helpdesk' }));
    const { nonce, ...p } = await sendPush(f, 'a', { app: 'Mail' });
    const proof = await approvalProof(f.ctx, f.key.privateKey, { approvalId: p.approvalId, decision: 'report', nonce });
    const reported = await call('POST', `/api/device/approvals/${p.approvalId}`, { decision: 'report', proof }, await deviceToken(f.ctx, f.key, f.device.id));
    expect([reported.statusCode, reported.json()]).toEqual([200, { status: 'reported' }]);
    expect((await call('GET', `/api/admin/users/${f.userId}/devices`, undefined, helpdesk)).json<{ pushLocked: boolean }>().pushLocked).toBe(true);
    expect((await call('POST', `/api/admin/users/${f.userId}/push-unlock`, {}, helpdesk)).json()).toEqual({ unlocked: true });
    expect((await call('GET', `/api/admin/users/${f.userId}/devices`, undefined, helpdesk)).json<{ pushLocked: boolean }>().pushLocked).toBe(false);
  });
});
