import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { approvalProof, deviceToken, pushFixture, sendPush, type PushFixture } from './test-support/device.js';
import { awaitApproval } from './wait.js';

const errorOf = (res: LightMyRequestResponse) => [res.statusCode, res.json<{ error?: { code: string } }>().error?.code];

// The decision route records its device token's single use inside the decision's transaction:
// these check that the token is still spent exactly once on every path.
forEachDialect('the device token of a push decision, spent with the decision', (get) => {
  let f: PushFixture;
  let app: FastifyInstance;
  beforeEach(async () => {
    f = await pushFixture(get());
    app = await buildApp(f.ctx);
  });
  afterEach(async () => { await app.close(); });

  const answer = (approvalId: string, token: string, body: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: `/api/device/approvals/${approvalId}`, headers: { authorization: `Bearer ${token}` }, payload: body });

  it('an approval sent 10 times at once with one token counts once; the rest are refused as a used token', async () => {
    const p = await sendPush(f, 'attempt-1');
    const token = await deviceToken(f.ctx, f.key, f.device.id);
    const proof = await approvalProof(f.ctx, f.key.privateKey, { approvalId: p.approvalId, decision: 'approve', number: p.number, nonce: p.nonce });
    const answers = await Promise.all(Array.from({ length: 10 }, () => answer(p.approvalId, token, { decision: 'approve', number: p.number, proof })));
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(1);
    for (const r of answers.filter((x) => x.statusCode !== 200)) expect(errorOf(r)).toEqual([401, 'ERR_DEVICE_TOKEN_INVALID']);
    expect(await awaitApproval(f.ctx, { tenantId: f.tenantId, approvalId: p.approvalId, signInAttemptId: 'attempt-1', timeoutMs: 0 })).toBe('approved');
    const uses = await f.ctx.db.selectFrom('device_token_uses').select('jti').where('device_id', '=', f.device.id).execute();
    expect(uses).toHaveLength(1);
  });

  it('a refused decision still spends its token: resent with a good proof it is refused and approves nothing', async () => {
    const p = await sendPush(f, 'attempt-1');
    const token = await deviceToken(f.ctx, f.key, f.device.id);
    const proof = await approvalProof(f.ctx, f.key.privateKey, { approvalId: p.approvalId, decision: 'approve', number: p.number, nonce: p.nonce });
    expect(errorOf(await answer(p.approvalId, token, { decision: 'approve', number: p.number, proof: `${proof}x` }))).toEqual([401, 'ERR_APPROVAL_PROOF_INVALID']);
    expect(errorOf(await answer(p.approvalId, token, { decision: 'approve', number: p.number, proof }))).toEqual([401, 'ERR_DEVICE_TOKEN_INVALID']);
    expect(await awaitApproval(f.ctx, { tenantId: f.tenantId, approvalId: p.approvalId, signInAttemptId: 'attempt-1', timeoutMs: 0 })).toBe('pending');
  });

  it('a token that approved cannot be used again, on any device endpoint', async () => {
    const p = await sendPush(f, 'attempt-1');
    const token = await deviceToken(f.ctx, f.key, f.device.id);
    const proof = await approvalProof(f.ctx, f.key.privateKey, { approvalId: p.approvalId, decision: 'approve', number: p.number, nonce: p.nonce });
    expect((await answer(p.approvalId, token, { decision: 'approve', number: p.number, proof })).statusCode).toBe(200);
    const again = await app.inject({ method: 'GET', url: '/api/device/approvals', headers: { authorization: `Bearer ${token}` } });
    expect(errorOf(again)).toEqual([401, 'ERR_DEVICE_TOKEN_INVALID']);
  });
});
