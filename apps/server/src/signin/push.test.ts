import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { approvalProof, deviceToken, newTestKey, type TestKey } from '../approvals/test-support/device.js';
import { SESSION_COOKIE } from '../auth/principal.js';
import { findSession } from '../auth/sessions.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { registerDevice } from '../devices/index.js';
import { throttleState } from '../throttle/index.js';
import { csrfIn, FormClient, PASSWORD, signInFixture, totpNow, type SignInFixture } from './test-support/fixtures.js';
import { createTestContext } from '../test-support/context.js';
import { DEFAULT_PUSH_APP, pushAppName } from './push.js';
import { PUSH_UNAVAILABLE_NOTES } from './push-views.js';
import { SIGN_IN_FAILED_MESSAGE } from './views.js';

forEachDialect('sign-in with push approval', (get) => {
  let f: SignInFixture;
  let key: TestKey;
  let deviceId: string;
  beforeEach(async () => {
    f = await signInFixture(get());
    key = await newTestKey();
    deviceId = (await registerDevice(f.ctx, { tenantId: f.tenantId, userId: f.userId, name: 'Ada’s phone', publicKey: key.publicJwk, viaTap: false })).id;
  });
  afterEach(async () => { await f.app.close(); });

  const password = async (client: FormClient) => {
    const res = await client.submit('/signin', '/signin', { email: f.email, password: PASSWORD });
    expect(res.statusCode).toBe(303);
    return client.get('/signin/factor');
  };
  /** Password, then the push page: the page and the push the device sees. */
  const startPush = async (client: FormClient) => {
    const factor = await password(client);
    expect([factor.statusCode, factor.headers.location]).toEqual([303, '/signin/factor/push']);
    const page = await client.get('/signin/factor/push');
    expect(page.statusCode).toBe(200);
    const pending = await f.app.inject({ method: 'GET', url: '/api/device/approvals', headers: { authorization: `Bearer ${await deviceToken(f.ctx, key, deviceId)}` } });
    const push = pending.json<{ approvals: { id: string; nonce: string; app: string; ip: string | null }[] }>().approvals.at(-1);
    if (push === undefined) throw new Error('no push reached the device');
    return { page, push, number: /<p class="push-number" aria-hidden="true">(\d\d)<\/p>/.exec(page.body)?.[1] ?? '' };
  };
  const answer = async (push: { id: string; nonce: string }, decision: 'approve' | 'deny' | 'report', number?: string) => {
    const proof = await approvalProof(f.ctx, key.privateKey, { approvalId: push.id, decision, number: number ?? null, nonce: push.nonce });
    return f.app.inject({
      method: 'POST', url: `/api/device/approvals/${push.id}`, headers: { authorization: `Bearer ${await deviceToken(f.ctx, key, deviceId)}` },
      payload: { decision, proof, ...(number === undefined ? {} : { number }) },
    });
  };
  const failures = async () => (await throttleState(f.ctx, f.email)).failures;
  const expectFailurePage = (res: { statusCode: number; body: string }) => {
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain(SIGN_IN_FAILED_MESSAGE);
    expect(res.body).toContain('name="password"');
  };

  it('defaults to push where a device exists: the number in large type and as a sentence, refresh, check now, other methods, a new request', async () => {
    const client = new FormClient(f.app);
    const { page, push, number } = await startPush(client);
    expect(number).toMatch(/^\d\d$/);
    expect(page.body).toContain(`Open Tessera on Ada’s phone, and enter ${number}.`);
    expect(page.body).toContain('<meta http-equiv="refresh" content="2;url=/signin/factor/push/status">');
    expect(page.body).toContain('action="/signin/factor/push/status"');
    expect(page.body).toContain('Check now');
    expect(page.body).toContain('Send a new request');
    expect(page.body).toContain(`href="/signin/factor?method=${f.totpMethodId}"`);
    expect(push).toMatchObject({ app: 'Tessera', ip: '127.0.0.1' });
    // A reload shows the same push instead of sending another.
    const again = await client.get('/signin/factor/push/status');
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain(`enter ${number}.`);
    expect(await f.ctx.db.selectFrom('push_approvals').select('id').where('user_id', '=', f.userId).execute()).toHaveLength(1);
    // The TOTP page stays one link away and offers the push back.
    const totp = await client.get(`/signin/factor?method=${f.totpMethodId}`);
    expect(totp.body).toContain('Code from your authenticator app');
    expect(totp.body).toContain('href="/signin/factor/push"');
    // "Send a new request" sends a new push with its own number.
    const sent = await client.post('/signin/factor/push', { csrf: csrfIn(totp.body) });
    expect([sent.statusCode, sent.headers.location]).toEqual([303, '/signin/factor/push']);
    expect(await f.ctx.db.selectFrom('push_approvals').select('id').where('user_id', '=', f.userId).execute()).toHaveLength(2);
  });

  it('approved → signed in with pwd, mfa and push; the approval completes one sign-in only', async () => {
    const client = new FormClient(f.app);
    const { page, push, number } = await startPush(client);
    expect((await answer(push, 'approve', number)).json()).toEqual({ status: 'approved' });
    const attemptCookie = client.cookies.get('tessera_signin') ?? '';
    // "Check now" and a refresh arriving together: exactly one of them signs in.
    const csrfCookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const [a, b] = await Promise.all([
      f.app.inject({ method: 'GET', url: '/signin/factor/push/status', headers: { cookie: csrfCookie } }),
      f.app.inject({ method: 'POST', url: '/signin/factor/push/status', headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `csrf=${encodeURIComponent(csrfIn(page.body))}` }),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    expect(statuses).toEqual([303, 401]);
    const winner = a.statusCode === 303 ? a : b;
    expect(winner.headers.location).toBe('/me');
    const token = (winner.cookies as { name: string; value: string }[]).find((c) => c.name === SESSION_COOKIE)?.value ?? '';
    expect((await findSession(f.ctx, token))?.amr).toEqual(['pwd', 'mfa', 'push']);
    // Replaying the finished attempt later is refused too.
    const replay = await f.app.inject({ method: 'GET', url: '/signin/factor/push/status', headers: { cookie: `tessera_signin=${attemptCookie}` } });
    expectFailurePage(replay);
    const approvals = await f.ctx.db.selectFrom('push_approvals').select(['status', 'consumed_at']).where('user_id', '=', f.userId).execute();
    expect(approvals).toHaveLength(1);
    expect(approvals[0]?.status).toBe('approved');
    expect(approvals[0]?.consumed_at).not.toBeNull();
  });

  it('a wrong number is refused on the device, counted as a failure, and the page fails', async () => {
    const client = new FormClient(f.app);
    const { push, number } = await startPush(client);
    const before = await failures();
    const wrong = number === '00' ? '01' : '00';
    const res = await answer(push, 'approve', wrong);
    expect([res.statusCode, res.json<{ error: { code: string } }>().error.code]).toEqual([403, 'ERR_APPROVAL_NUMBER_MISMATCH']);
    expect(await failures()).toBe(before + 1);
    expectFailurePage(await client.get('/signin/factor/push/status'));
    // Counted once, not again by the page.
    expect(await failures()).toBe(before + 1);
    expect(client.cookies.has('tessera_signin')).toBe(false);
  });

  it('a denied push fails with the same page and counts; an expired one fails the same way', async () => {
    const client = new FormClient(f.app);
    const first = await startPush(client);
    expect((await answer(first.push, 'deny')).json()).toEqual({ status: 'denied' });
    const before = await failures();
    const denied = await client.get('/signin/factor/push/status');
    expectFailurePage(denied);
    expect(await failures()).toBe(before + 1);

    const second = await startPush(client);
    expect(second.number).toMatch(/^\d\d$/);
    f.ctx.advance(121_000);
    const expired = await client.get('/signin/factor/push/status');
    expectFailurePage(expired);
    expect(expired.body).toBe(denied.body.replace(csrfIn(denied.body), csrfIn(expired.body)));
    const audit = await f.ctx.db.selectFrom('audit_log').select('detail').where('tenant_id', '=', f.tenantId).where('action', '=', 'sign_in.failure').orderBy('seq').execute();
    expect(audit.map((r) => (JSON.parse(r.detail) as { reason?: string }).reason)).toEqual(['push_denied', 'push_expired']);
  });

  it('"this wasn\'t me" locks pushes: the page fails, later sign-ins fall back to TOTP with a note', async () => {
    const client = new FormClient(f.app);
    const { push } = await startPush(client);
    expect((await answer(push, 'report')).json()).toEqual({ status: 'reported' });
    expectFailurePage(await client.get('/signin/factor/push/status'));

    const later = new FormClient(f.app);
    const factor = await password(later);
    expect(factor.statusCode).toBe(200);
    expect(factor.body).toContain('Code from your authenticator app');
    expect(factor.body).not.toContain('href="/signin/factor/push"');
    const direct = await later.get('/signin/factor/push');
    expect(direct.statusCode).toBe(200);
    expect(direct.body).toContain(PUSH_UNAVAILABLE_NOTES.ERR_PUSH_LOCKED);
    f.ctx.advance(30_000);
    const done = await later.post('/signin/factor', { csrf: csrfIn(direct.body), methodId: f.totpMethodId, code: totpNow(f.ctx, f.totpSecret) });
    expect([done.statusCode, done.headers.location]).toEqual([303, '/me']);
  });

  it('when the push cap is reached the page falls back to TOTP with a note', async () => {
    const client = new FormClient(f.app);
    const { page } = await startPush(client);
    let last = page;
    for (let i = 0; i < 4; i++) {
      const sent = await client.post('/signin/factor/push', { csrf: csrfIn(last.body) });
      expect(sent.statusCode).toBe(303);
      last = await client.get('/signin/factor/push');
    }
    const capped = await client.post('/signin/factor/push', { csrf: csrfIn(last.body) });
    expect(capped.statusCode).toBe(200);
    expect(capped.body).toContain(PUSH_UNAVAILABLE_NOTES.ERR_PUSH_CAPPED);
    expect(capped.body).toContain('Code from your authenticator app');
    expect(await f.ctx.db.selectFrom('push_approvals').select('id').where('user_id', '=', f.userId).execute()).toHaveLength(5);
    // The same person can still finish with TOTP in this attempt.
    f.ctx.advance(30_000);
    const done = await client.post('/signin/factor', { csrf: csrfIn(capped.body), methodId: f.totpMethodId, code: totpNow(f.ctx, f.totpSecret) });
    expect(done.statusCode).toBe(303);
  });

  it('a user without a device keeps the TOTP page as the default', async () => {
    await f.ctx.db.updateTable('devices').set({ revoked_at: f.ctx.now() }).where('id', '=', deviceId).execute();
    const factor = await password(new FormClient(f.app));
    expect(factor.statusCode).toBe(200);
    expect(factor.body).toContain('Code from your authenticator app');
    expect(factor.body).not.toContain('Approve on your authenticator');
  });

  it('the device is shown the app of the OIDC interaction (its client_name), else Tessera', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-push-clients-'));
    try {
      const file = join(dir, 'clients.json');
      writeFileSync(file, JSON.stringify([{ client_id: 'payroll', client_name: 'Payroll', redirect_uris: ['https://payroll.example/cb'] }]));
      const ctx = createTestContext(get(), { TESSERA_SERVER_OIDC_CLIENTS_FILE: file });
      const payload = (clientId: string) => ({ payload: JSON.stringify({ params: { client_id: clientId } }), grant_id: null, user_code: null, uid: null, consumed_at: null, expires_at: ctx.now() + 60_000 });
      await ctx.db.insertInto('oidc_payloads').values([{ model: 'Interaction', id: 'i-payroll', ...payload('payroll') }, { model: 'Interaction', id: 'i-cli', ...payload('tessera-cli') }]).execute();
      expect(await pushAppName(ctx, 'i-payroll')).toBe('Payroll');
      expect(await pushAppName(ctx, 'i-cli')).toBe('Tessera command line');
      expect(await pushAppName(ctx, 'i-unknown')).toBe(DEFAULT_PUSH_APP);
      expect(await pushAppName(ctx, null)).toBe(DEFAULT_PUSH_APP);
      ctx.advance(61_000);
      expect(await pushAppName(ctx, 'i-payroll')).toBe(DEFAULT_PUSH_APP);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
