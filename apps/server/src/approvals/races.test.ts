import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import type { ActiveDevice } from '../devices/devices.js';
import { isServerError } from '../errors.js';
import { decideApproval } from './decide.js';
import { approvalProof, deviceToken, newTestKey, pushFixture, registerTestDevice, sendPush, type PushFixture, type TestKey } from './test-support/device.js';
import { awaitApproval } from './wait.js';

forEachDialect('push approval under concurrency and hostile input', (get) => {
  let f: PushFixture;
  let app: FastifyInstance;
  beforeEach(async () => {
    f = await pushFixture(get());
    app = await buildApp(f.ctx);
  });
  afterEach(async () => { await app.close(); });


  it('one device token sent 20 times at once is accepted exactly once', async () => {
    const token = await deviceToken(f.ctx, f.key, f.device.id);
    const answers = await Promise.all(Array.from({ length: 20 }, () => app.inject({ method: 'GET', url: '/api/device/approvals', headers: { authorization: `Bearer ${token}` } })));
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(new Set(answers.filter((r) => r.statusCode !== 200).map((r) => r.json<{ error: { code: string } }>().error.code))).toEqual(new Set(['ERR_DEVICE_TOKEN_INVALID']));
  });

  it('two devices answering one push at once: exactly one answer counts', async () => {
    const second = await newTestKey();
    const tablet = await registerTestDevice(f.ctx, f, 'Tablet', second);
    const p = await sendPush(f, 'attempt-1');
    const answer = async (device: ActiveDevice, key: TestKey['privateKey'], decision: 'approve' | 'deny') => {
      const number = decision === 'approve' ? p.number : null;
      const proof = await approvalProof(f.ctx, key, { approvalId: p.approvalId, decision, number, nonce: p.nonce });
      return decideApproval(f.ctx, { device, approvalId: p.approvalId, decision, number, proof });
    };
    const results = await Promise.allSettled([
      ...Array.from({ length: 5 }, () => answer(f.device, f.key.privateKey, 'approve')),
      ...Array.from({ length: 5 }, () => answer(tablet, second.privateKey, 'deny')),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(isServerError(r.reason, 'ERR_APPROVAL_DECIDED')).toBe(true);
    const status = (won[0] as PromiseFulfilledResult<{ status: string }>).value.status;
    expect(await awaitApproval(f.ctx, { tenantId: f.tenantId, approvalId: p.approvalId, signInAttemptId: 'attempt-1', timeoutMs: 0 })).toBe(status);
  });

  it('arbitrary proofs and numbers never approve anything', async () => {
    const p = await sendPush(f, 'attempt-1');
    const good = await approvalProof(f.ctx, f.key.privateKey, { approvalId: p.approvalId, decision: 'approve', number: p.number, nonce: p.nonce });
    const mutated = fc.tuple(fc.nat({ max: good.length - 1 }), fc.string({ minLength: 1, maxLength: 3 })).map(([at, text]) => `${good.slice(0, at)}${text}${good.slice(at + 1)}`);
    const proofs = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), mutated);
    await fc.assert(fc.asyncProperty(proofs, fc.stringMatching(/^\d{2}$/), async (proof, number) => {
      fc.pre(proof !== good);
      try {
        await decideApproval(f.ctx, { device: f.device, approvalId: p.approvalId, decision: 'approve', number, proof });
        expect.unreachable('an arbitrary proof was accepted');
      } catch (error) {
        expect(isServerError(error)).toBe(true);
        expect(['ERR_APPROVAL_PROOF_INVALID', 'ERR_APPROVAL_REPLAYED']).toContain((error as { code: string }).code);
      }
    }), { numRuns: process.env['SLOW'] === undefined ? 60 : 1000 });
    expect(await awaitApproval(f.ctx, { tenantId: f.tenantId, approvalId: p.approvalId, signInAttemptId: 'attempt-1', timeoutMs: 0 })).toBe('pending');
  });

  it('arbitrary bearer values never authenticate a device', async () => {
    const token = await deviceToken(f.ctx, f.key, f.device.id);
    const mutated = fc.tuple(fc.nat({ max: token.length - 1 }), fc.constantFrom('A', 'B', '-', '_', '.')).map(([at, c]) => `${token.slice(0, at)}${c}${token.slice(at + 1)}`);
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), mutated), async (value) => {
      fc.pre(value !== token);
      const res = await app.inject({ method: 'GET', url: '/api/device/approvals', headers: { authorization: `Bearer ${value}` } });
      expect([res.statusCode, res.json<{ error: { code: string } }>().error.code]).toEqual([401, 'ERR_DEVICE_TOKEN_INVALID']);
    }), { numRuns: process.env['SLOW'] === undefined ? 60 : 1000 });
  });
});
