import { expect, it } from 'vitest';
import { forEachDialect } from '../db/test-support/dialects.js';
import { revokeDevice } from '../devices/devices.js';
import { isServerError, type ServerErrorCode } from '../errors.js';
import { recordFailure, throttleState } from '../throttle/index.js';
import { DEFAULT_POLICY, parsePolicy, setTenantPolicy } from '../tenants/policy.js';
import { seedUser } from '../test-support/context.js';
import { decideApproval, type DecideApprovalInput } from './decide.js';
import { isPushLocked, unlockPush } from './lock.js';
import type { ApprovalDecision } from './proof.js';
import { approvalProof, newTestKey, pushFixture, sendPush, type PushFixture } from './test-support/device.js';
import { awaitApproval, consumeApproval } from './wait.js';

async function rejection(promise: Promise<unknown>): Promise<ServerErrorCode | 'resolved'> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    if (isServerError(error)) return error.code;
    throw error;
  }
}

const push = (f: PushFixture, attempt?: string) => sendPush(f, attempt, { ip: '203.0.113.7' });

async function answer(f: PushFixture, p: { approvalId: string; nonce: string }, decision: ApprovalDecision, number: string | null, overrides: Partial<DecideApprovalInput> = {}) {
  const proof = await approvalProof(f.ctx, f.key.privateKey, { approvalId: p.approvalId, decision, number, nonce: p.nonce });
  return decideApproval(f.ctx, { device: f.device, approvalId: p.approvalId, decision, number, proof, ...overrides });
}

const outcome = (f: PushFixture, p: { approvalId: string; attempt: string }, timeoutMs = 0) =>
  awaitApproval(f.ctx, { tenantId: f.tenantId, approvalId: p.approvalId, signInAttemptId: p.attempt, timeoutMs });

const wrong = (n: string) => (n === '00' ? '01' : '00');

forEachDialect('push approvals', (get) => {
  it('a push carries two digits, lives 2 minutes, is audited; the right number approves it once for its sign-in', async () => {
    const f = await pushFixture(get());
    const p = await push(f);
    expect(p.number).toMatch(/^\d{2}$/);
    expect(p.expiresAt).toBe(f.ctx.now() + 120_000);
    expect(await outcome(f, p)).toBe('pending');
    expect(await answer(f, p, 'approve', p.number)).toEqual({ status: 'approved' });
    expect(await outcome(f, p)).toBe('approved');
    expect(await consumeApproval(f.ctx, { tenantId: f.tenantId, approvalId: p.approvalId, signInAttemptId: 'another-attempt' })).toBe(false);
    expect(await consumeApproval(f.ctx, { tenantId: f.tenantId, approvalId: p.approvalId, signInAttemptId: p.attempt })).toBe(true);
    expect(await consumeApproval(f.ctx, { tenantId: f.tenantId, approvalId: p.approvalId, signInAttemptId: p.attempt })).toBe(false);
    const actions = await f.ctx.db.selectFrom('audit_log').select('action').where('tenant_id', '=', f.tenantId).orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual(['device.register', 'push.send', 'push.approve']);
  });

  it('an approval replayed to another sign-in is rejected (ERR_APPROVAL_REPLAYED) and approves nothing', async () => {
    const f = await pushFixture(get());
    const first = await push(f, 'attempt-a');
    const second = await push(f, 'attempt-b');
    const proofForFirst = await approvalProof(f.ctx, f.key.privateKey, { approvalId: first.approvalId, decision: 'approve', number: second.number, nonce: first.nonce });
    expect(await rejection(decideApproval(f.ctx, { device: f.device, approvalId: second.approvalId, decision: 'approve', number: second.number, proof: proofForFirst }))).toBe('ERR_APPROVAL_REPLAYED');
    // A proof naming the right approval but another nonce is a replay too.
    const otherNonce = await approvalProof(f.ctx, f.key.privateKey, { approvalId: second.approvalId, decision: 'approve', number: second.number, nonce: first.nonce });
    expect(await rejection(decideApproval(f.ctx, { device: f.device, approvalId: second.approvalId, decision: 'approve', number: second.number, proof: otherNonce }))).toBe('ERR_APPROVAL_REPLAYED');
    expect(await outcome(f, second)).toBe('pending');
    // The first approval, approved, completes its own sign-in and no other.
    await answer(f, first, 'approve', first.number);
    expect(await rejection(outcome(f, { approvalId: first.approvalId, attempt: 'attempt-b' }))).toBe('ERR_APPROVAL_NOT_FOUND');
    expect(await consumeApproval(f.ctx, { tenantId: f.tenantId, approvalId: first.approvalId, signInAttemptId: 'attempt-b' })).toBe(false);
    // The same proof sent again to the same approval is a second answer.
    expect(await rejection(answer(f, first, 'approve', first.number))).toBe('ERR_APPROVAL_DECIDED');
  });

  it('an approval after expiry is rejected (ERR_APPROVAL_EXPIRED) and the sign-in sees expired', async () => {
    const f = await pushFixture(get());
    const p = await push(f);
    f.ctx.advance(120_000);
    expect(await rejection(answer(f, p, 'approve', p.number))).toBe('ERR_APPROVAL_EXPIRED');
    expect(await outcome(f, p)).toBe('expired');
  });

  it('an approval from a revoked device is rejected (ERR_DEVICE_REVOKED), even one signed before the revocation', async () => {
    const f = await pushFixture(get());
    const p = await push(f);
    const proof = await approvalProof(f.ctx, f.key.privateKey, { approvalId: p.approvalId, decision: 'approve', number: p.number, nonce: p.nonce });
    await revokeDevice(f.ctx, { tenantId: f.tenantId, userId: f.userId, deviceId: f.device.id, actorUserId: f.userId });
    expect(await rejection(decideApproval(f.ctx, { device: f.device, approvalId: p.approvalId, decision: 'approve', number: p.number, proof }))).toBe('ERR_DEVICE_REVOKED');
    expect(await outcome(f, p)).toBe('pending');
    expect(await rejection(push(f, 'attempt-2'))).toBe('ERR_NO_DEVICE');
  });

  it('a bad signature is rejected (ERR_APPROVAL_PROOF_INVALID): another key, a tampered proof, a wrong typ, a proof of another answer', async () => {
    const f = await pushFixture(get());
    const p = await push(f);
    const stranger = await newTestKey();
    const claims = { approvalId: p.approvalId, decision: 'approve' as const, number: p.number, nonce: p.nonce };
    const byStranger = await approvalProof(f.ctx, stranger.privateKey, claims);
    const good = await approvalProof(f.ctx, f.key.privateKey, claims);
    const [h, body, sig] = good.split('.') as [string, string, string];
    const tampered = `${h}.${body}.${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`;
    const respelled = `${good.slice(0, -1)}${String.fromCharCode(good.charCodeAt(good.length - 1) + 1)}`;
    const wrongTyp = await approvalProof(f.ctx, f.key.privateKey, claims, 'JWT');
    const denyProof = await approvalProof(f.ctx, f.key.privateKey, { ...claims, decision: 'deny', number: null });
    const stale = await approvalProof(f.ctx, f.key.privateKey, { ...claims, iat: Math.floor(f.ctx.now() / 1000) - 3600 });
    for (const proof of [byStranger, tampered, respelled, wrongTyp, denyProof, stale, 'not-a-jws']) {
      expect(await rejection(decideApproval(f.ctx, { device: f.device, approvalId: p.approvalId, decision: 'approve', number: p.number, proof }))).toBe('ERR_APPROVAL_PROOF_INVALID');
    }
    expect(await outcome(f, p)).toBe('pending');
  });

  it('a wrong number fails the approval and counts as a failure on the account; a push never resets the count', async () => {
    const f = await pushFixture(get());
    await recordFailure(f.ctx, f.email);
    const p = await push(f);
    expect((await throttleState(f.ctx, f.email)).failures).toBe(1);
    expect(await rejection(answer(f, p, 'approve', wrong(p.number)))).toBe('ERR_APPROVAL_NUMBER_MISMATCH');
    expect((await throttleState(f.ctx, f.email)).failures).toBe(2);
    expect(await outcome(f, p)).toBe('denied');
    expect(await rejection(answer(f, p, 'approve', p.number))).toBe('ERR_APPROVAL_DECIDED');
    expect(await consumeApproval(f.ctx, { tenantId: f.tenantId, approvalId: p.approvalId, signInAttemptId: p.attempt })).toBe(false);
    const audit = await f.ctx.db.selectFrom('audit_log').select(['action', 'detail']).where('tenant_id', '=', f.tenantId).where('action', '=', 'push.number_mismatch').execute();
    expect(audit).toHaveLength(1);
  });

  it('another user\'s approval is not found (ERR_APPROVAL_NOT_FOUND)', async () => {
    const f = await pushFixture(get());
    const g = await pushFixture(get());
    const theirs = await push(g);
    const proof = await approvalProof(f.ctx, f.key.privateKey, { approvalId: theirs.approvalId, decision: 'approve', number: theirs.number, nonce: theirs.nonce });
    expect(await rejection(decideApproval(f.ctx, { device: f.device, approvalId: theirs.approvalId, decision: 'approve', number: theirs.number, proof }))).toBe('ERR_APPROVAL_NOT_FOUND');
    expect(await outcome(g, theirs)).toBe('pending');
  });

  it('a push flood is capped at 5 per 10 minutes since the last success (ERR_PUSH_CAPPED with a retry time)', async () => {
    const f = await pushFixture(get());
    const sent = [];
    for (let i = 0; i < 5; i++) {
      sent.push(await push(f, `attempt-${i}`));
      f.ctx.advance(1000);
    }
    try {
      await push(f, 'attempt-5');
      expect.unreachable();
    } catch (error) {
      expect(isServerError(error, 'ERR_PUSH_CAPPED')).toBe(true);
      expect((error as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds).toBe(595);
    }
    const capped = await f.ctx.db.selectFrom('audit_log').select('action').where('tenant_id', '=', f.tenantId).where('action', '=', 'push.capped').execute();
    expect(capped).toHaveLength(1);
    const last = sent[4];
    if (last === undefined) throw new Error('no push');
    await answer(f, last, 'approve', last.number);
    await push(f, 'attempt-6');
    f.ctx.advance(10 * 60_000);
    await push(f, 'attempt-7');
  });

  it('parallel pushes cannot slip past the cap', async () => {
    const f = await pushFixture(get());
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => push(f, `parallel-${i}`)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    for (const r of results) if (r.status === 'rejected') expect(isServerError(r.reason, 'ERR_PUSH_CAPPED')).toBe(true);
  });

  it('"this wasn\'t me" denies, locks pushes until an admin unlocks, audits, emails the user and raises an alert', async () => {
    const f = await pushFixture(get());
    const p = await push(f);
    expect(await answer(f, p, 'report', null)).toEqual({ status: 'reported' });
    expect(await outcome(f, p)).toBe('reported');
    expect(await isPushLocked(f.ctx, f.tenantId, f.userId)).toBe(true);
    expect(await rejection(push(f, 'attempt-2'))).toBe('ERR_PUSH_LOCKED');
    expect(f.ctx.emails.at(-1)).toMatchObject({ to: f.email, subject: 'You reported a sign-in request you did not make' });
    // The number never appears as a number of its own (two digits may occur inside the timestamp or the IP).
    expect(f.ctx.emails.at(-1)?.text).not.toMatch(new RegExp(`(?<![\\d.:-])${p.number}(?![\\d.:-])`));
    expect(f.alerts.map((a) => a['alert'])).toContain('push.reported');
    const adminId = await seedUser(f.ctx, f.tenantId, `admin@${f.domain}`, { role: 'admin' });
    expect(await unlockPush(f.ctx, { tenantId: f.tenantId, userId: f.userId, actorUserId: adminId })).toBe(true);
    expect(await unlockPush(f.ctx, { tenantId: f.tenantId, userId: f.userId, actorUserId: adminId })).toBe(false);
    await push(f, 'attempt-3');
    const actions = await f.ctx.db.selectFrom('audit_log').select('action').where('tenant_id', '=', f.tenantId).orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual(['device.register', 'push.send', 'push.report', 'admin.push.unlock', 'push.send']);
  });

  it('deny denies; approving needs the number', async () => {
    const f = await pushFixture(get());
    const p = await push(f);
    expect(await rejection(answer(f, p, 'approve', null))).toBe('ERR_VALIDATION');
    expect(await answer(f, p, 'deny', null)).toEqual({ status: 'denied' });
    expect(await outcome(f, p)).toBe('denied');
    expect(await isPushLocked(f.ctx, f.tenantId, f.userId)).toBe(false);
  });

  it('awaitApproval subscribes before it reads: an answer during the wait ends it at once; no answer ends in pending', async () => {
    const f = await pushFixture(get());
    const p = await push(f);
    const waiting = outcome(f, p, 60_000);
    await answer(f, p, 'approve', p.number);
    expect(await waiting).toBe('approved');
    const q = await push(f, 'attempt-2');
    expect(await outcome(f, q, 20)).toBe('pending');
  });

  it('the tenant\'s push policy sets the lifetime and the cap; stored values outside the hard limits read as the defaults', async () => {
    const f = await pushFixture(get());
    await setTenantPolicy(f.ctx, f.tenantId, { ...DEFAULT_POLICY, push: { maxPerWindow: 2, windowMinutes: 5, approvalLifetimeSeconds: 60 } });
    const p = await push(f, 'a');
    expect(p.expiresAt).toBe(f.ctx.now() + 60_000);
    await push(f, 'b');
    expect(await rejection(push(f, 'c'))).toBe('ERR_PUSH_CAPPED');
    f.ctx.advance(5 * 60_000);
    await push(f, 'd');
    expect(parsePolicy(JSON.stringify({ push: { maxPerWindow: 0, windowMinutes: 600, approvalLifetimeSeconds: 3600 } })).push).toEqual(DEFAULT_POLICY.push);
  });
});
