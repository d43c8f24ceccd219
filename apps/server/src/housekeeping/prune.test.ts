import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { createSession } from '../auth/sessions.js';
import { newId } from '../crypto/tokens.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { DEVICE_CLOCK_TOLERANCE_S, DEVICE_TOKEN_MAX_LIFETIME_S } from '../devices/device-token.js';
import { issueSetupToken } from '../setup/tokens.js';
import { createTestContext, seedTenant, seedUser, type TestContext } from '../test-support/context.js';
import { LOCK_FAILURES, recordFailure, throttleState } from '../throttle/index.js';
import { pruneDeadRows } from './prune.js';
import { EXPIRED_GRACE_MS, OUTBOX_RETENTION_MS, THROTTLE_IDLE_MS, TOKEN_ID_GRACE_MS } from './retention.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

async function has(ctx: TestContext, table: string, column: string, value: string | number): Promise<boolean> {
  const result = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} = ${value}`.execute(ctx.db);
  return Number(result.rows[0]?.n) > 0;
}

forEachDialect('housekeeping retention', (get) => {
  let ctx: TestContext;
  let tenantId: string;
  let userId: string;
  let t0: number;

  beforeEach(async () => {
    ctx = createTestContext(get());
    ({ tenantId } = await seedTenant(ctx));
    userId = await seedUser(ctx, tenantId, `u-${newId().slice(0, 8)}@example.test`);
    t0 = ctx.now();
  });

  it('throttle: idle 31 days goes; locked, backing off, or failed within 30 days stays', async () => {
    const idle = `idle-${newId()}`;
    const recent = `recent-${newId()}`;
    const nearLock = `near-${newId()}`;
    const locked = `locked-${newId()}`;
    const blocked = `blocked-${newId()}`;
    await recordFailure(ctx, idle);
    await ctx.db.insertInto('throttle').values([
      { subject: locked, failures: LOCK_FAILURES, blocked_until: t0 + 3_600_000, last_failure_at: t0 },
      // Not reachable through recordFailure (back-offs are at most 1 h), but the rule must not depend on that.
      { subject: blocked, failures: 20, blocked_until: t0 + 40 * DAY, last_failure_at: t0 },
    ]).execute();
    ctx.setNow(t0 + 2 * DAY);
    for (let i = 0; i < 3; i++) await recordFailure(ctx, recent);
    await ctx.db.insertInto('throttle').values({ subject: nearLock, failures: LOCK_FAILURES - 1, blocked_until: t0 + 2 * DAY + 3_600_000, last_failure_at: t0 + 2 * DAY }).execute();

    ctx.setNow(t0 + 31 * DAY);
    const counts = await pruneDeadRows(ctx, ctx.now());
    expect(counts.throttle).toBeGreaterThanOrEqual(1);
    expect(await has(ctx, 'throttle', 'subject', idle)).toBe(false);
    expect(await has(ctx, 'throttle', 'subject', recent)).toBe(true);
    expect(await has(ctx, 'throttle', 'subject', nearLock)).toBe(true);
    expect(await has(ctx, 'throttle', 'subject', blocked)).toBe(true);
    expect((await throttleState(ctx, locked)).locked).toBe(true);

    // A lock is kept however old: only an admin releases it.
    ctx.setNow(t0 + 400 * DAY);
    await pruneDeadRows(ctx, ctx.now());
    expect((await throttleState(ctx, locked)).locked).toBe(true);
    expect(await has(ctx, 'throttle', 'subject', recent)).toBe(false);
    expect(await has(ctx, 'throttle', 'subject', nearLock)).toBe(false);
  });

  it('throttle: a real account\'s failures are never forgotten, however slowly they come', async () => {
    const email = `slow-${newId().slice(0, 8)}@example.test`.toLowerCase();
    await seedUser(ctx, tenantId, email);
    await recordFailure(ctx, email);
    ctx.setNow(t0 + 400 * DAY);
    await pruneDeadRows(ctx, ctx.now());
    await recordFailure(ctx, email);
    expect((await throttleState(ctx, email)).failures).toBe(2);
  });

  it('throttle: a subject backing off right now is kept, and its wait is unchanged', async () => {
    const subject = `backoff-${newId()}`;
    for (let i = 0; i < 8; i++) await recordFailure(ctx, subject);
    const before = await throttleState(ctx, subject);
    expect(before.blockedUntil).toBeGreaterThan(ctx.now());
    await pruneDeadRows(ctx, ctx.now());
    expect(await throttleState(ctx, subject)).toEqual(before);
    expect(THROTTLE_IDLE_MS).toBe(30 * DAY);
  });

  it('sessions: kept until a day past their absolute expiry, revoked or not', async () => {
    const live = await createSession(ctx, { tenantId, userId, amr: ['pwd', 'otp', 'mfa'] });
    const revoked = await createSession(ctx, { tenantId, userId, amr: ['pwd', 'otp', 'mfa'] });
    await ctx.db.updateTable('sessions').set({ revoked_at: t0 }).where('id', '=', revoked.session.id).execute();
    const expiry = t0 + ctx.config.sessionAbsoluteMs;
    await pruneDeadRows(ctx, expiry + EXPIRED_GRACE_MS - 1);
    expect(await has(ctx, 'sessions', 'id', live.session.id)).toBe(true);
    expect(await has(ctx, 'sessions', 'id', revoked.session.id)).toBe(true);
    await pruneDeadRows(ctx, expiry + EXPIRED_GRACE_MS + 1);
    expect(await has(ctx, 'sessions', 'id', live.session.id)).toBe(false);
    expect(await has(ctx, 'sessions', 'id', revoked.session.id)).toBe(false);
  });

  it('sign-in attempts go at expiry; guest hops a day later', async () => {
    const attemptId = newId();
    await ctx.db.insertInto('sign_in_attempts').values({ id: attemptId, tenant_id: tenantId, user_id: userId, interaction_uid: null, stage: 'factor', created_at: t0, expires_at: t0 + 10 * MINUTE }).execute();
    await ctx.db.insertInto('guest_sign_ins').values({ attempt_id: attemptId, home_tenant_id: tenantId, home_user_id: userId, tenant_id: tenantId, guest_user_id: userId, expires_at: t0 + 10 * MINUTE }).execute();
    await pruneDeadRows(ctx, t0 + 10 * MINUTE - 1);
    expect(await has(ctx, 'sign_in_attempts', 'id', attemptId)).toBe(true);
    await pruneDeadRows(ctx, t0 + 10 * MINUTE);
    expect(await has(ctx, 'sign_in_attempts', 'id', attemptId)).toBe(false);
    expect(await has(ctx, 'guest_sign_ins', 'attempt_id', attemptId)).toBe(true);
    await pruneDeadRows(ctx, t0 + 10 * MINUTE + EXPIRED_GRACE_MS + 1);
    expect(await has(ctx, 'guest_sign_ins', 'attempt_id', attemptId)).toBe(false);
  });

  it('one-time codes, used or not, go a day past expiry', async () => {
    const methodId = newId();
    await ctx.db.insertInto('methods').values({ id: methodId, tenant_id: tenantId, user_id: userId, kind: 'email', label: 'mail', secret_sealed: null, target: 'x@example.test', last_used_step: 0, registered_with_tap: 0, created_at: t0, last_used_at: null, verified_at: t0 }).execute();
    const used = newId();
    const fresh = newId();
    await ctx.db.insertInto('one_time_codes').values([
      { id: used, tenant_id: tenantId, user_id: userId, method_id: methodId, code_hash: 'h', attempts: 1, created_at: t0, expires_at: t0 + 10 * MINUTE, used_at: t0 + MINUTE },
      { id: fresh, tenant_id: tenantId, user_id: userId, method_id: methodId, code_hash: 'h', attempts: 0, created_at: t0 + DAY, expires_at: t0 + DAY + 10 * MINUTE, used_at: null },
    ]).execute();
    await pruneDeadRows(ctx, t0 + 10 * MINUTE + EXPIRED_GRACE_MS - 1);
    expect(await has(ctx, 'one_time_codes', 'id', used)).toBe(true);
    await pruneDeadRows(ctx, t0 + 10 * MINUTE + EXPIRED_GRACE_MS + 1);
    expect(await has(ctx, 'one_time_codes', 'id', used)).toBe(false);
    expect(await has(ctx, 'one_time_codes', 'id', fresh)).toBe(true);
  });

  it('temporary access passes go a day past expiry', async () => {
    const tapId = newId();
    await ctx.db.insertInto('taps').values({ id: tapId, tenant_id: tenantId, user_id: userId, pass_hash: 'h', one_time: 1, created_by: userId, created_at: t0, expires_at: t0 + 60 * MINUTE, used_at: t0 + MINUTE, revoked_at: null }).execute();
    await pruneDeadRows(ctx, t0 + 60 * MINUTE + EXPIRED_GRACE_MS - 1);
    expect(await has(ctx, 'taps', 'id', tapId)).toBe(true);
    await pruneDeadRows(ctx, t0 + 60 * MINUTE + EXPIRED_GRACE_MS + 1);
    expect(await has(ctx, 'taps', 'id', tapId)).toBe(false);
  });

  it('push approvals, answered or not, go a day past expiry', async () => {
    const ids = [newId(), newId()];
    await ctx.db.insertInto('push_approvals').values(ids.map((id, i) => ({
      id, tenant_id: tenantId, user_id: userId, sign_in_attempt_id: newId(), wait_token_hash: 'w', number: '42', nonce: 'n', app: 'app', ip: null,
      status: i === 0 ? 'approved' as const : 'pending' as const, device_id: null, created_at: t0, expires_at: t0 + 2 * MINUTE, decided_at: i === 0 ? t0 + MINUTE : null, consumed_at: null,
    }))).execute();
    await pruneDeadRows(ctx, t0 + 2 * MINUTE + EXPIRED_GRACE_MS - 1);
    for (const id of ids) expect(await has(ctx, 'push_approvals', 'id', id)).toBe(true);
    await pruneDeadRows(ctx, t0 + 2 * MINUTE + EXPIRED_GRACE_MS + 1);
    for (const id of ids) expect(await has(ctx, 'push_approvals', 'id', id)).toBe(false);
  });

  it('a spent device-token id is kept while its token could still be accepted', async () => {
    const deviceId = newId();
    await ctx.db.insertInto('devices').values({ id: deviceId, tenant_id: tenantId, user_id: userId, name: 'phone', public_key: '{}', thumbprint: newId(), registered_with_tap: 0, created_at: t0, last_seen_at: null, revoked_at: null }).execute();
    // As `spendJti` records it: the token's exp plus the verifier's clock tolerance.
    const exp = t0 + DEVICE_TOKEN_MAX_LIFETIME_S * 1000;
    const jti = newId();
    await ctx.db.insertInto('device_token_uses').values({ device_id: deviceId, jti, expires_at: exp + DEVICE_CLOCK_TOLERANCE_S * 1000 }).execute();
    for (const at of [exp - 1, exp, exp + DEVICE_CLOCK_TOLERANCE_S * 1000, exp + DEVICE_CLOCK_TOLERANCE_S * 1000 + TOKEN_ID_GRACE_MS - 1]) {
      await pruneDeadRows(ctx, at);
      expect(await has(ctx, 'device_token_uses', 'jti', jti)).toBe(true);
    }
    await pruneDeadRows(ctx, exp + DEVICE_CLOCK_TOLERANCE_S * 1000 + TOKEN_ID_GRACE_MS + 1);
    expect(await has(ctx, 'device_token_uses', 'jti', jti)).toBe(false);
    expect(await has(ctx, 'devices', 'id', deviceId)).toBe(true);
  });

  it('setup tokens, used or not, go a day past expiry', async () => {
    const issued = await issueSetupToken(ctx);
    const row = await ctx.db.selectFrom('setup_tokens').select('id').where('expires_at', '=', issued.expiresAt).executeTakeFirstOrThrow();
    await pruneDeadRows(ctx, issued.expiresAt + EXPIRED_GRACE_MS - 1);
    expect(await has(ctx, 'setup_tokens', 'id', row.id)).toBe(true);
    await pruneDeadRows(ctx, issued.expiresAt + EXPIRED_GRACE_MS + 1);
    expect(await has(ctx, 'setup_tokens', 'id', row.id)).toBe(false);
  });

  it('OIDC payloads go at expiry (never without one); grant links only once their grant and session are gone', async () => {
    const grantKept = newId();
    const grantDone = newId();
    await ctx.db.insertInto('oidc_payloads').values([
      { model: 'AccessToken', id: 'at-expired', payload: '{}', grant_id: grantDone, user_code: null, uid: null, expires_at: t0 + 10 * MINUTE, consumed_at: null },
      { model: 'RefreshToken', id: 'rt-live', payload: '{}', grant_id: grantKept, user_code: null, uid: null, expires_at: t0 + 365 * DAY, consumed_at: null },
      { model: 'Client', id: 'no-expiry', payload: '{}', grant_id: null, user_code: null, uid: null, expires_at: null, consumed_at: null },
    ]).execute();
    await ctx.db.insertInto('oidc_grant_sessions').values([grantKept, grantDone].map((grantId) => ({ grant_id: grantId, tenant_id: tenantId, user_id: userId, session_id: 's', client_id: 'c', created_at: t0 }))).execute();

    await pruneDeadRows(ctx, t0 + 10 * MINUTE - 1);
    expect(await has(ctx, 'oidc_payloads', 'id', 'at-expired')).toBe(true);
    await pruneDeadRows(ctx, t0 + 10 * MINUTE);
    expect(await has(ctx, 'oidc_payloads', 'id', 'at-expired')).toBe(false);
    // The session that approved the grants may still be live: both links stay.
    expect(await has(ctx, 'oidc_grant_sessions', 'grant_id', grantDone)).toBe(true);

    const sessionsOver = t0 + ctx.config.sessionAbsoluteMs + EXPIRED_GRACE_MS;
    await pruneDeadRows(ctx, sessionsOver - 1);
    expect(await has(ctx, 'oidc_grant_sessions', 'grant_id', grantDone)).toBe(true);
    await pruneDeadRows(ctx, sessionsOver + 1);
    expect(await has(ctx, 'oidc_grant_sessions', 'grant_id', grantDone)).toBe(false);
    // A grant with a payload left keeps its link, so an MFA reset still finds it.
    expect(await has(ctx, 'oidc_grant_sessions', 'grant_id', grantKept)).toBe(true);
    expect(await has(ctx, 'oidc_payloads', 'id', 'no-expiry')).toBe(true);
  });

  it('the development outbox keeps a week; the audit log is never pruned', async () => {
    const old = await ctx.db.insertInto('outbox').values({ channel: 'email', recipient: 'a@example.test', subject: 'old', body: 'b', created_at: t0 }).returning('seq').executeTakeFirstOrThrow();
    await ctx.db.insertInto('audit_log').values({ tenant_id: tenantId, at: t0, action: 'test.housekeeping', actor_user_id: null, target_user_id: null, ip: null, detail: '{}' }).execute();
    await pruneDeadRows(ctx, t0 + OUTBOX_RETENTION_MS - 1);
    expect(await has(ctx, 'outbox', 'seq', old.seq)).toBe(true);
    const counts = await pruneDeadRows(ctx, t0 + 10 * 365 * DAY);
    expect(await has(ctx, 'outbox', 'seq', old.seq)).toBe(false);
    expect(await has(ctx, 'audit_log', 'action', 'test.housekeeping')).toBe(true);
    expect(Object.keys(counts)).not.toContain('audit_log');
  });
});

forEachDialect('housekeeping batches', (get) => {
  it('deletes at most one batch per table per pass; the next pass takes the rest', async () => {
    const ctx = createTestContext(get());
    const t0 = ctx.now();
    await ctx.db.insertInto('throttle').values(Array.from({ length: 25 }, (_, i) => ({ subject: `flood-${i}@example.test`, failures: 1, blocked_until: 0, last_failure_at: t0 }))).execute();
    await ctx.db.insertInto('throttle').values({ subject: 'locked@example.test', failures: LOCK_FAILURES, blocked_until: 0, last_failure_at: t0 }).execute();
    // The outbox goes through `expiring`, the rule most tables share: its batch is bounded too.
    await ctx.db.insertInto('outbox').values(Array.from({ length: 25 }, (_, i) => ({ channel: 'email' as const, recipient: `r-${i}@example.test`, subject: 's', body: 'b', created_at: t0 }))).execute();
    const at = t0 + THROTTLE_IDLE_MS + 1;
    const passes: (number | undefined)[] = [];
    const outboxPasses: (number | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      const counts = await pruneDeadRows(ctx, at, { batchSize: 10 });
      passes.push(counts.throttle);
      outboxPasses.push(counts.outbox);
    }
    expect(passes).toEqual([10, 10, 5, 0]);
    expect(outboxPasses).toEqual([10, 10, 5, 0]);
    const left = await ctx.db.selectFrom('throttle').select('subject').execute();
    expect(left.map((r) => r.subject)).toEqual(['locked@example.test']);
  });
});
