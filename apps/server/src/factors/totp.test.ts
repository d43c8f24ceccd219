import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { beforeEach, expect, it } from 'vitest';
import { openSecret, sealSecret } from '../crypto/seal.js';
import { newId } from '../crypto/tokens.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { codeAt, enrolTotp, expectCode, factorFixture, setPolicy, type FactorFixture } from './test-support/fixtures.js';
import { beginTotpEnrollment, confirmTotpEnrollment, totpSeedAad, verifyTotp } from './totp.js';

interface VectorRow { time: number; algorithm: string; totp: string }
const vectors = JSON.parse(readFileSync(new URL('../../../../vectors/rfc6238-totp.json', import.meta.url), 'utf8')) as {
  appendixB: { seeds: { SHA1: { ascii: string } }; rows: VectorRow[] };
};

forEachDialect('TOTP second factor', (get) => {
  let f: FactorFixture;
  beforeEach(async () => { f = await factorFixture(get()); });
  const verify = (code: string) => verifyTotp(f.ctx, { tenantId: f.tenantId, userId: f.userId, code });

  it('RFC 6238 Appendix B (SHA-1 rows, 6-digit form) through verifyTotp', async () => {
    const seed = new TextEncoder().encode(vectors.appendixB.seeds.SHA1.ascii);
    const methodId = newId();
    await f.ctx.db.insertInto('methods').values({
      id: methodId, tenant_id: f.tenantId, user_id: f.userId, kind: 'totp', label: 'RFC', secret_sealed: sealSecret(f.ctx.sealKey, seed, totpSeedAad(f.tenantId, methodId)),
      target: null, last_used_step: 0, registered_with_tap: 0, created_at: 0, last_used_at: null, verified_at: 0,
    }).execute();
    const rows = vectors.appendixB.rows.filter((r) => r.algorithm === 'SHA1');
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      f.ctx.setNow(row.time * 1000);
      const code = row.totp.slice(-6);
      expect(await verify(code), `T=${row.time}`).toBe(true);
      expect(await verify(code), `T=${row.time} again`).toBe(false);
    }
  });

  it('accepts a code once: the second submission is rejected', async () => {
    const { secretBase32 } = await enrolTotp(f);
    // The confirming code is spent already.
    expect(await verify(codeAt(f.ctx, secretBase32))).toBe(false);
    f.ctx.advance(30_000);
    const code = codeAt(f.ctx, secretBase32);
    expect(await verify(code)).toBe(true);
    expect(await verify(code)).toBe(false);
  });

  it('50 parallel verifications of one valid code: exactly one succeeds', async () => {
    const { secretBase32 } = await enrolTotp(f);
    f.ctx.advance(30_000);
    const code = codeAt(f.ctx, secretBase32);
    const results = await Promise.all(Array.from({ length: 50 }, () => verify(code)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const row = await f.ctx.db.selectFrom('methods').select('last_used_step').where('user_id', '=', f.userId).executeTakeFirstOrThrow();
    expect(row.last_used_step).toBe(Math.floor(f.ctx.now() / 30_000));
  });

  it('rejects the code of step t−1 once the code of step t was accepted', async () => {
    const { secretBase32 } = await enrolTotp(f);
    f.ctx.advance(60_000);
    const previous = codeAt(f.ctx, secretBase32, -1);
    expect(await verify(codeAt(f.ctx, secretBase32))).toBe(true);
    expect(await verify(previous)).toBe(false);
  });

  it('accepts t−1 and t+1, rejects t−2 and t+2 (server time only)', async () => {
    const { secretBase32 } = await enrolTotp(f);
    f.ctx.advance(10 * 30_000);
    expect(await verify(codeAt(f.ctx, secretBase32, -2))).toBe(false);
    expect(await verify(codeAt(f.ctx, secretBase32, 2))).toBe(false);
    expect(await verify(codeAt(f.ctx, secretBase32, -1))).toBe(true);
    expect(await verify(codeAt(f.ctx, secretBase32, 1))).toBe(true);
  });

  it('does not accept one user\'s code for another user', async () => {
    const { secretBase32 } = await enrolTotp(f);
    const other = await factorFixture(get());
    await enrolTotp(other);
    f.ctx.advance(30_000);
    expect(await verifyTotp(f.ctx, { tenantId: other.tenantId, userId: other.userId, code: codeAt(f.ctx, secretBase32) })).toBe(false);
    expect(await verifyTotp(f.ctx, { tenantId: other.tenantId, userId: f.userId, code: codeAt(f.ctx, secretBase32) })).toBe(false);
  });

  it('stores the seed sealed: the row holds neither the base32 seed nor its bytes, and it opens only with this key and row', async () => {
    const { methodId, secretBase32 } = await enrolTotp(f);
    const second = await enrolTotp(f);
    const row = await f.ctx.db.selectFrom('methods').selectAll().where('id', '=', methodId).executeTakeFirstOrThrow();
    const text = JSON.stringify(row);
    const { decodeBase32 } = await import('@tessera/core');
    const bytes = Buffer.from(decodeBase32(secretBase32));
    for (const form of [secretBase32, secretBase32.toLowerCase(), bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('latin1')]) {
      expect(text).not.toContain(form);
    }
    const sealed = row.secret_sealed ?? '';
    expect(Buffer.from(openSecret(f.ctx.sealKey, sealed, totpSeedAad(f.tenantId, methodId)))).toEqual(bytes);
    expect(() => openSecret(new Uint8Array(randomBytes(32)), sealed, totpSeedAad(f.tenantId, methodId))).toThrow();
    expect(() => openSecret(f.ctx.sealKey, sealed, totpSeedAad(f.tenantId, second.methodId))).toThrow();
    // A sealed seed copied into another row does not work there.
    await f.ctx.db.updateTable('methods').set({ secret_sealed: sealed }).where('id', '=', second.methodId).execute();
    await f.ctx.db.deleteFrom('methods').where('id', '=', methodId).execute();
    f.ctx.advance(30_000);
    expect(await verify(codeAt(f.ctx, secretBase32))).toBe(false);
  });

  it('enrolment token: expires after 10 minutes, and an altered or another user\'s token is refused', async () => {
    const begun = beginTotpEnrollment(f.ctx, { tenantId: f.tenantId, userId: f.userId, email: f.email });
    expect(begun.secretBase32).toMatch(/^[A-Z2-7]{32}$/); // 160 bits
    expect(begun.otpauthUri).toMatch(/^otpauth:\/\/totp\/.+\?secret=[A-Z2-7]+&issuer=localhost&algorithm=SHA1&digits=6&period=30$/);
    const confirm = (token: string, userId = f.userId) => confirmTotpEnrollment(f.ctx, { tenantId: f.tenantId, userId, enrollmentToken: token, code: codeAt(f.ctx, begun.secretBase32), viaTap: false });
    const t = begun.enrollmentToken;
    const i = t.length - 5;
    await expectCode(confirm(t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1)), 'ERR_ENROLLMENT_INVALID');
    await expectCode(confirm('not a token'), 'ERR_ENROLLMENT_INVALID');
    await expectCode(confirm(t, f.adminId), 'ERR_ENROLLMENT_INVALID');
    f.ctx.advance(10 * 60_000);
    await expectCode(confirm(t), 'ERR_ENROLLMENT_INVALID');
    expect(await f.ctx.db.selectFrom('methods').select('id').where('user_id', '=', f.userId).execute()).toEqual([]);
  });

  it('confirm: a wrong code is ERR_OTP_INVALID, and one token registers one method only', async () => {
    const begun = beginTotpEnrollment(f.ctx, { tenantId: f.tenantId, userId: f.userId, email: f.email });
    const input = { tenantId: f.tenantId, userId: f.userId, enrollmentToken: begun.enrollmentToken, viaTap: false };
    const good = codeAt(f.ctx, begun.secretBase32);
    await expectCode(confirmTotpEnrollment(f.ctx, { ...input, code: good === '000000' ? '111111' : '000000' }), 'ERR_OTP_INVALID');
    await expectCode(confirmTotpEnrollment(f.ctx, { ...input, code: codeAt(f.ctx, begun.secretBase32, 2) }), 'ERR_OTP_INVALID');
    const methodId = await confirmTotpEnrollment(f.ctx, { ...input, code: good, label: ' Phone ' });
    f.ctx.advance(30_000);
    await expectCode(confirmTotpEnrollment(f.ctx, { ...input, code: codeAt(f.ctx, begun.secretBase32) }), 'ERR_METHOD_EXISTS');
    const rows = await f.ctx.db.selectFrom('methods').select(['id', 'label']).where('user_id', '=', f.userId).execute();
    expect(rows).toEqual([{ id: methodId, label: 'Phone' }]);
  });

  it('confirm audits method.add, notifies the user and alerts on TAP registrations; TOTP disabled by policy is ERR_FORBIDDEN', async () => {
    const alerts: Record<string, unknown>[] = [];
    Object.assign(f.ctx, { log: { ...f.ctx.log, warn: (fields: Record<string, unknown>) => { alerts.push(fields); } } });
    const { methodId } = await enrolTotp(f, true);
    expect(alerts).toEqual([{ alert: 'method.add.tap', tenantId: f.tenantId, userId: f.userId, methodId, kind: 'totp' }]);
    const audit = await f.ctx.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', f.tenantId).where('action', '=', 'method.add').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toEqual({ methodId, kind: 'totp', viaTap: true });
    expect(f.ctx.emails.map((m) => [m.to, m.subject])).toEqual([[f.email, 'A sign-in method was added to your account']]);
    await setPolicy(f, { methods: { totp: false, email: true, sms: true } });
    const begun = beginTotpEnrollment(f.ctx, { tenantId: f.tenantId, userId: f.userId, email: f.email });
    await expectCode(confirmTotpEnrollment(f.ctx, { tenantId: f.tenantId, userId: f.userId, enrollmentToken: begun.enrollmentToken, code: codeAt(f.ctx, begun.secretBase32), viaTap: false }), 'ERR_FORBIDDEN');
  });

  it('property: any string as a code is false, never an exception', async () => {
    const { secretBase32 } = await enrolTotp(f);
    // t−1 and t are spent by the enrolment; only t+1 could still be accepted.
    const live = codeAt(f.ctx, secretBase32, 1);
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string(), fc.stringMatching(/^\d{6}$/), fc.string({ unit: 'binary' })), async (code) => {
      fc.pre(code !== live);
      expect(await verify(code)).toBe(false);
    }), { numRuns: 60 });
  });
});
