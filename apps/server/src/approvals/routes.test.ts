import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { revokeDevice } from '../devices/devices.js';
import { approvalProof, deviceToken, pushFixture, seedAttempt, sendPush, type PushFixture } from './test-support/device.js';
import { openSse } from './test-support/sse.js';

forEachDialect('push approval over HTTP', (get) => {
  let f: PushFixture;
  let app: FastifyInstance;
  beforeEach(async () => {
    f = await pushFixture(get());
    app = await buildApp(f.ctx);
  });
  afterEach(async () => { await app.close(); });

  const push = (attempt?: string) => sendPush(f, attempt, { ip: '203.0.113.7' });
  const asDevice = async (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${await deviceToken(f.ctx, f.key, f.device.id)}` }, ...(payload === undefined ? {} : { payload }) });
  const decide = async (p: { approvalId: string; nonce: string }, decision: 'approve' | 'deny' | 'report', number?: string) => {
    const proof = await approvalProof(f.ctx, f.key.privateKey, { approvalId: p.approvalId, decision, number: number ?? null, nonce: p.nonce });
    return asDevice('POST', `/api/device/approvals/${p.approvalId}`, { decision, proof, ...(number === undefined ? {} : { number }) });
  };
  const wait = (p: { approvalId: string; waitToken: string }, payload: Record<string, unknown> = {}, token = p.waitToken) =>
    app.inject({ method: 'POST', url: `/api/approvals/${p.approvalId}/wait`, headers: { authorization: `Bearer ${token}` }, payload });

  it('the device lists pending pushes (with the nonce, never the number) and approves one with the number and a proof', async () => {
    const p = await push();
    const listed = await asDevice('GET', '/api/device/approvals');
    expect(listed.json()).toEqual({ approvals: [{ id: p.approvalId, app: 'Payroll', ip: '203.0.113.7', createdAt: f.ctx.now(), expiresAt: p.expiresAt, nonce: p.nonce }] });
    expect(listed.body).not.toContain(`"number"`);
    const approved = await decide(p, 'approve', p.number);
    expect([approved.statusCode, approved.json()]).toEqual([200, { status: 'approved' }]);
    expect((await asDevice('GET', '/api/device/approvals')).json()).toEqual({ approvals: [] });
    expect((await wait(p, { timeoutSeconds: 0 })).json()).toEqual({ status: 'approved', expiresAt: p.expiresAt });
  });

  it('hostile decision bodies are refused before anything is decided', async () => {
    const p = await push();
    for (const payload of [{ decision: 'approve', number: '4', proof: 'x' }, { decision: 'maybe', proof: 'x' }, { decision: 'deny' }, { decision: 'deny', proof: 'x', extra: 1 }]) {
      const res = await asDevice('POST', `/api/device/approvals/${p.approvalId}`, payload);
      expect([res.statusCode, res.json<{ error: { code: string } }>().error.code]).toEqual([400, 'ERR_VALIDATION']);
    }
    expect((await wait(p, { timeoutSeconds: 0 })).json<{ status: string }>().status).toBe('pending');
  });

  it('the sign-in page long-polls with its wait token: woken by the decision; a wrong token or id is not found', async () => {
    const p = await push();
    expect((await wait(p, { timeoutSeconds: 0 })).json<{ status: string }>().status).toBe('pending');
    const other = await push('attempt-2');
    for (const res of [await wait(p, {}, other.waitToken), await wait({ ...p, approvalId: 'nope' }), await wait(p, {}, 'x')]) {
      expect([res.statusCode, res.json<{ error: { code: string } }>().error.code]).toEqual([404, 'ERR_APPROVAL_NOT_FOUND']);
    }
    const waiting = wait(p, { timeoutSeconds: 25 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await decide(p, 'deny');
    expect((await waiting).json<{ status: string }>().status).toBe('denied');
    const tooLong = await wait(other, { timeoutSeconds: 26 });
    expect(tooLong.statusCode).toBe(400);
  });

  it('the event stream sends pending pushes on connect, new ones live, answers as resolved, and closes when the device is revoked', async () => {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const first = await push('attempt-a');
    const stream = await openSse(`${address}/api/device/events`, { authorization: `Bearer ${await deviceToken(f.ctx, f.key, f.device.id)}` });
    try {
      expect([stream.status, stream.contentType]).toEqual([200, 'text/event-stream; charset=utf-8']);
      expect(await stream.next()).toEqual({ event: 'approval', id: first.approvalId, data: { id: first.approvalId, app: 'Payroll', ip: '203.0.113.7', createdAt: f.ctx.now(), expiresAt: first.expiresAt, nonce: first.nonce } });
      const second = await push('attempt-b');
      expect(await stream.next()).toMatchObject({ event: 'approval', id: second.approvalId });
      await decide(first, 'approve', first.number);
      expect(await stream.next()).toEqual({ event: 'resolved', id: first.approvalId, data: { id: first.approvalId, outcome: 'approved' } });
      await revokeDevice(f.ctx, { tenantId: f.tenantId, userId: f.userId, deviceId: f.device.id, actorUserId: f.userId });
      expect(await stream.next()).toEqual({ event: 'close', id: undefined, data: { reason: 'revoked' } });
      expect(await stream.next()).toBeUndefined();
    } finally {
      await stream.close();
    }
  });

  it('the event stream closes when its token expires; a bad token gets no stream', async () => {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const refused = await fetch(`${address}/api/device/events`, { headers: { authorization: 'Bearer nope' } });
    expect(refused.status).toBe(401);
    const stream = await openSse(`${address}/api/device/events`, { authorization: `Bearer ${await deviceToken(f.ctx, f.key, f.device.id, { lifetimeSeconds: 1 })}` });
    try {
      expect(await stream.next()).toEqual({ event: 'close', id: undefined, data: { reason: 'token_expired' } });
      expect(await stream.next()).toBeUndefined();
    } finally {
      await stream.close();
    }
  });

  it('a stopping server ends open streams (reason shutdown) and long polls instead of waiting for them', async () => {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const p = await push();
    const stream = await openSse(`${address}/api/device/events`, { authorization: `Bearer ${await deviceToken(f.ctx, f.key, f.device.id)}` });
    const waiting = fetch(`${address}/api/approvals/${p.approvalId}/wait`, { method: 'POST', headers: { authorization: `Bearer ${p.waitToken}`, 'content-type': 'application/json' }, body: '{}' });
    try {
      expect(await stream.next()).toMatchObject({ event: 'approval', id: p.approvalId });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const closed = app.close();
      expect(await stream.next()).toEqual({ event: 'close', id: undefined, data: { reason: 'shutdown' } });
      expect(await (await waiting).json()).toEqual({ status: 'pending', expiresAt: p.expiresAt });
      await closed;
    } finally {
      await stream.close();
    }
  });

  it('POST /signin/push sends a push for the sign-in in progress (its cookie), capped like any other', async () => {
    const { cookie, attemptId } = await seedAttempt(f.ctx, f.tenantId, f.userId);
    const start = () => app.inject({ method: 'POST', url: '/signin/push', headers: { cookie }, payload: {} });
    const res = await start();
    expect(res.statusCode).toBe(201);
    const created = res.json<{ approvalId: string; number: string; expiresAt: number; waitToken: string }>();
    expect(created.number).toMatch(/^\d{2}$/);
    const row = await f.ctx.db.selectFrom('push_approvals').select(['sign_in_attempt_id', 'app']).where('id', '=', created.approvalId).executeTakeFirstOrThrow();
    expect(row).toEqual({ sign_in_attempt_id: attemptId, app: new URL(f.ctx.config.publicUrl).host });
    expect((await wait(created, { timeoutSeconds: 0 })).json<{ status: string }>().status).toBe('pending');
    const anonymous = await app.inject({ method: 'POST', url: '/signin/push', payload: {} });
    expect([anonymous.statusCode, anonymous.json<{ error: { code: string } }>().error.code]).toEqual([401, 'ERR_UNAUTHENTICATED']);
    const chosenText = await app.inject({ method: 'POST', url: '/signin/push', headers: { cookie }, payload: { app: 'Approve to stop these alerts' } });
    expect(chosenText.statusCode).toBe(400);
    for (let i = 0; i < 4; i++) expect((await start()).statusCode).toBe(201);
    const capped = await start();
    expect([capped.statusCode, capped.json<{ error: { code: string } }>().error.code]).toEqual([429, 'ERR_PUSH_CAPPED']);
    expect(capped.headers['retry-after']).toBe('600');
  });
});
