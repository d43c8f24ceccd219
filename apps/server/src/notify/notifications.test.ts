import { beforeEach, expect, it } from 'vitest';
import { forEachDialect } from '../db/test-support/dialects.js';
import { factorFixture, type FactorFixture } from '../factors/test-support/fixtures.js';
import { notifyUser } from './notifications.js';

forEachDialect('user notifications', (get) => {
  let f: FactorFixture;
  beforeEach(async () => { f = await factorFixture(get()); });

  it('emails the account address and every verified email method, once each; pending ones get nothing', async () => {
    const insert = (id: string, target: string, verified: boolean) => f.ctx.db.insertInto('methods').values({
      id, tenant_id: f.tenantId, user_id: f.userId, kind: 'email', label: 'x', secret_sealed: null, target, last_used_step: 0,
      registered_with_tap: 0, created_at: 0, last_used_at: null, verified_at: verified ? 0 : null,
    }).execute();
    await insert(`${f.userId}-a`, 'home@mail.example.test', true);
    await insert(`${f.userId}-b`, f.email, true);
    await insert(`${f.userId}-c`, 'pending@mail.example.test', false);
    await notifyUser(f.ctx, { tenantId: f.tenantId, userId: f.userId }, 'mfa.reset', { ticket: 'HD-42' });
    expect(f.ctx.emails.map((m) => m.to).sort()).toEqual([f.email, 'home@mail.example.test'].sort());
    const mail = f.ctx.emails[0];
    expect(mail?.subject).toBe('Your sign-in methods were reset');
    expect(mail?.text).toContain('ticket: HD-42');
    expect(mail?.text).toContain('When: 2026-11-25T12:00:00.000Z');
  });

  it('a user of another tenant is not notified through this tenant', async () => {
    const other = await factorFixture(get());
    await notifyUser(f.ctx, { tenantId: f.tenantId, userId: other.userId }, 'password.changed');
    expect(f.ctx.emails).toEqual([]);
  });

  it('a delivery failure is logged without the message and does not throw', async () => {
    const errors: Record<string, unknown>[] = [];
    const ctx = { ...f.ctx, mailer: { send: () => Promise.reject(new Error('connection refused')) }, log: { ...f.ctx.log, error: (fields: Record<string, unknown>) => { errors.push(fields); } } };
    await notifyUser(ctx, { tenantId: f.tenantId, userId: f.userId }, 'sessions.revoked');
    expect(errors).toEqual([{ event: 'sessions.revoked', tenantId: f.tenantId, userId: f.userId, err: 'connection refused' }]);
  });
});
