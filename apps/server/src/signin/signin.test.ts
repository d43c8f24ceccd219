import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSession, revokeUserSessions } from '../auth/sessions.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { addOobMethod, issueTap, verifyOneTimeCode } from '../factors/index.js';
import { seedSessionToken } from '../test-support/context.js';
import { SIGN_IN_FAILED_MESSAGE } from './views.js';
import { csrfIn, FormClient, PASSWORD, signInFixture, totpNow, type SignInFixture } from './test-support/fixtures.js';

forEachDialect('sign-in pages', (get) => {
  let f: SignInFixture;
  beforeAll(async () => { f = await signInFixture(get()); });
  afterAll(async () => { await f.app.close(); });

  it('answers an unknown account, a wrong password and a wrong code with the same status, body and wording', async () => {
    const client = new FormClient(f.app);
    const unknown = await client.submit('/signin', '/signin', { email: `nobody@${f.domain}`, password: PASSWORD });
    const wrongPassword = await client.submit('/signin', '/signin', { email: f.email, password: 'not the password at all' });
    const wrongCode = await client.signIn(f, { code: '000000' === totpNow(f.ctx, f.totpSecret) ? '111111' : '000000' });
    for (const r of [unknown, wrongPassword, wrongCode]) {
      expect(r.statusCode).toBe(401);
      expect(r.body).toContain(SIGN_IN_FAILED_MESSAGE);
      expect(r.body).toContain('role="alert"');
    }
    expect(wrongPassword.body).toBe(unknown.body);
    expect(wrongCode.body).toBe(unknown.body);
    expect(client.cookies.has('tessera_session')).toBe(false);
  });

  it('signs in with password and TOTP: a new HttpOnly, SameSite=Lax session cookie and the user page', async () => {
    f.ctx.advance(30_000);
    const client = new FormClient(f.app);
    const done = await client.signIn(f);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/me');
    const setCookie = String(done.headers['set-cookie']);
    expect(setCookie).toMatch(/tessera_session=[^;]+;.*HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const me = await client.get('/me');
    expect(me.statusCode).toBe(200);
    expect(me.body).toContain(f.email);
  });

  it('signs in with an email code as the second factor', async () => {
    const target = `ada.home@${f.domain}`;
    const { methodId } = await addOobMethod(f.ctx, { tenantId: f.tenantId, userId: f.userId, kind: 'email', target, viaTap: false });
    const codeIn = (text: string | undefined): string => /\b(\d{6,})\b/.exec(text ?? '')?.[1] ?? '';
    expect(await verifyOneTimeCode(f.ctx, { tenantId: f.tenantId, userId: f.userId, methodId, code: codeIn(f.ctx.emails.at(-1)?.text), allowPending: true })).toBe(true);

    const client = new FormClient(f.app);
    await client.submit('/signin', '/signin', { email: f.email, password: PASSWORD });
    const choose = await client.get(`/signin/factor?method=${methodId}`);
    expect(choose.body).toContain('Send a code to');
    const sent = await client.post('/signin/factor/send', { csrf: csrfIn(choose.body), methodId });
    expect(sent.statusCode).toBe(303);
    const message = f.ctx.emails.at(-1);
    expect(message?.to).toBe(target);
    const entry = await client.get(String(sent.headers.location));
    expect(entry.body).toContain('We sent a code to');
    const done = await client.post('/signin/factor', { csrf: csrfIn(entry.body), methodId, code: codeIn(message?.text) });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/me');
    const audit = await f.ctx.db.selectFrom('audit_log').select('detail').where('tenant_id', '=', f.tenantId).where('action', '=', 'sign_in.success').orderBy('seq', 'desc').executeTakeFirst();
    expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({ amr: ['pwd', 'email', 'mfa'] });
  });

  it('rotates the session on sign-in: a session cookie the browser already had is revoked, never reused', async () => {
    f.ctx.advance(30_000);
    const planted = await seedSessionToken(f.ctx, f.tenantId, f.userId);
    const client = new FormClient(f.app);
    client.cookies.set('tessera_session', planted);
    const done = await client.signIn(f);
    expect(done.statusCode).toBe(303);
    const fresh = client.cookies.get('tessera_session');
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(planted);
    expect(await findSession(f.ctx, planted)).toBeUndefined();
    expect(await findSession(f.ctx, fresh ?? '')).toBeDefined();
  });

  it('ends sessions after the idle timeout and after the absolute timeout', async () => {
    f.ctx.advance(30_000);
    const idle = new FormClient(f.app);
    await idle.signIn(f);
    f.ctx.advance(f.ctx.config.sessionIdleMs + 1);
    expect((await idle.get('/me')).headers.location).toBe('/signin');

    f.ctx.advance(30_000);
    const busy = new FormClient(f.app);
    await busy.signIn(f);
    const step = f.ctx.config.sessionIdleMs - 60_000;
    let elapsed = 0;
    while (elapsed + step < f.ctx.config.sessionAbsoluteMs) {
      f.ctx.advance(step);
      elapsed += step;
      expect((await busy.get('/me')).statusCode).toBe(200);
    }
    f.ctx.advance(f.ctx.config.sessionAbsoluteMs - elapsed);
    expect((await busy.get('/me')).headers.location).toBe('/signin');
  });

  it('ends browser sessions when revokeUserSessions runs', async () => {
    f.ctx.advance(30_000);
    const client = new FormClient(f.app);
    await client.signIn(f);
    expect((await client.get('/me')).statusCode).toBe(200);
    await revokeUserSessions(f.ctx, f.tenantId, f.userId);
    expect((await client.get('/me')).headers.location).toBe('/signin');
  });

  it('refuses a form without a CSRF token or with a wrong one (403 ERR_CSRF) and changes nothing', async () => {
    f.ctx.advance(30_000);
    const client = new FormClient(f.app);
    await client.signIn(f);
    const action = `/me/methods/${f.totpMethodId}/remove`;
    const missing = await client.post(action, {});
    const page = await client.get('/me');
    const wrong = await client.post(action, { csrf: `${csrfIn(page.body).slice(0, -2)}xx` });
    const foreign = await new FormClient(f.app).get('/signin');
    const otherBrowsers = await client.post(action, { csrf: csrfIn(foreign.body) });
    for (const r of [missing, wrong, otherBrowsers]) {
      expect(r.statusCode).toBe(403);
      expect(r.json()).toMatchObject({ error: { code: 'ERR_CSRF' } });
    }
    const still = await f.ctx.db.selectFrom('methods').select('id').where('tenant_id', '=', f.tenantId).where('id', '=', f.totpMethodId).executeTakeFirst();
    expect(still).toBeDefined();

    const stranger = new FormClient(f.app);
    const signIn = await stranger.post('/signin', { email: f.email, password: PASSWORD });
    expect(signIn.statusCode).toBe(403);
    expect(stranger.cookies.has('tessera_signin')).toBe(false);
  });

  it('sends the security headers on pages', async () => {
    const page = await new FormClient(f.app).get('/signin');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("style-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    const css = await new FormClient(f.app).get('/assets/tessera.css');
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.body).toContain(':focus-visible');
  });

  it('backs off after repeated failures with a 429 page', async () => {
    const client = new FormClient(f.app);
    const email = `ghost@${f.domain}`;
    let last = await client.submit('/signin', '/signin', { email, password: 'wrong password 0' });
    for (let i = 1; i < 8 && last.statusCode !== 429; i++) last = await client.submit('/signin', '/signin', { email, password: `wrong password ${i}` });
    expect(last.statusCode).toBe(429);
    expect(last.headers['retry-after']).toBeDefined();
    expect(last.body).toContain('Too many attempts');
  });
});

describe('sign-in page accessibility', () => {
  forEachDialect('pages', (get) => {
    let f: SignInFixture;
    beforeAll(async () => { f = await signInFixture(get()); });
    afterAll(async () => { await f.app.close(); });

    it('labels every input, sets autocomplete and lang, and announces errors', async () => {
      const client = new FormClient(f.app);
      const pages = [(await client.get('/signin')).body, (await client.get('/signin/tap')).body];
      await client.submit('/signin', '/signin', { email: f.email, password: PASSWORD });
      pages.push((await client.get('/signin/factor')).body);
      for (const html of pages) {
        expect(html).toMatch(/<html lang="en">/);
        const inputs = [...html.matchAll(/<input ([^>]*)>/g)].map((m) => m[1] ?? '').filter((a) => !a.includes('type="hidden"'));
        expect(inputs.length).toBeGreaterThan(0);
        for (const attrs of inputs) {
          const id = /id="([^"]+)"/.exec(attrs)?.[1];
          expect(id, attrs).toBeDefined();
          expect(html).toContain(`<label for="${id}">`);
          expect(attrs).toMatch(/autocomplete="[a-z-]+"/);
        }
      }
      expect(pages[0]).toContain('autocomplete="username"');
      expect(pages[0]).toContain('autocomplete="current-password"');
      expect(pages[2]).toContain('autocomplete="one-time-code"');
    });
  });
});

forEachDialect('Temporary Access Pass sign-in', (get) => {
  let f: SignInFixture;
  beforeAll(async () => { f = await signInFixture(get()); });
  afterAll(async () => { await f.app.close(); });

  it('reaches the method registration pages, registers TOTP, and nothing else', async () => {
    const { pass } = await issueTap(f.ctx, { tenantId: f.tenantId, targetUserId: f.userId, actorUserId: f.adminId });
    const client = new FormClient(f.app);
    const wrong = await client.submit('/signin/tap', '/signin/tap', { email: f.email, pass: 'AAAA-BBBB-CCCC-DDDD' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain(SIGN_IN_FAILED_MESSAGE);
    const done = await client.submit('/signin/tap', '/signin/tap', { email: f.email, pass });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/me');
    const me = await client.get('/me');
    expect(me.statusCode).toBe(200);
    expect(me.body).toContain('Temporary Access Pass');
    expect(me.body).not.toContain('/remove');

    const setup = await client.get('/me/totp');
    expect(setup.statusCode).toBe(200);
    expect(setup.body).toMatch(/<img class="qr" src="data:image\/png;base64,/);
    const secret = /<code class="secret">([A-Z2-7]+)<\/code>/.exec(setup.body)?.[1] ?? '';
    const token = /name="enrollmentToken" value="([^"]+)"/.exec(setup.body)?.[1] ?? '';
    f.ctx.advance(30_000);
    const added = await client.post('/me/totp', { csrf: csrfIn(setup.body), enrollmentToken: token.replace(/&amp;/g, '&'), label: 'Work phone', code: totpNow(f.ctx, secret) });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe('/me?notice=added');
    const row = await f.ctx.db.selectFrom('methods').select(['registered_with_tap']).where('tenant_id', '=', f.tenantId).where('user_id', '=', f.userId).where('label', '=', 'Work phone').executeTakeFirst();
    expect(row?.registered_with_tap).toBe(1);

    const page = await client.get('/me');
    const remove = await client.post(`/me/methods/${f.totpMethodId}/remove`, { csrf: csrfIn(page.body) });
    expect(remove.statusCode).toBe(403);
    expect(remove.json()).toMatchObject({ error: { code: 'ERR_TAP_ONLY_REGISTRATION' } });
  });
});
