import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDialect } from '../db/test-support/dialects.js';
import { csrfIn, FormClient, signInFixture, type SignInFixture } from '../signin/test-support/fixtures.js';

forEachDialect('my sign-in methods page', (get) => {
  let f: SignInFixture;
  beforeAll(async () => { f = await signInFixture(get()); });
  afterAll(async () => { await f.app.close(); });

  it('sends a signed-out browser to the sign-in page', async () => {
    const client = new FormClient(f.app);
    for (const path of ['/me', '/me/totp', '/me/oob/email']) expect((await client.get(path)).headers.location).toBe('/signin');
  });

  it('lists methods, adds an email method confirmed by its code, and removes it', async () => {
    f.ctx.advance(30_000);
    const client = new FormClient(f.app);
    await client.signIn(f);
    const overview = await client.get('/me');
    expect(overview.body).toContain('Authenticator app');
    expect(overview.body).toContain(`/me/methods/${f.totpMethodId}/remove`);

    const target = `ada.private@${f.domain}`;
    const bad = await client.submit('/me/oob/email', '/me/oob/email', { target: 'not an address' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('role="alert"');
    const added = await client.submit('/me/oob/email', '/me/oob/email', { target });
    expect(added.statusCode).toBe(303);
    const verifyPath = String(added.headers.location);
    const code = /\b(\d{6,})\b/.exec(f.ctx.emails.at(-1)?.text ?? '')?.[1] ?? '';
    const wrong = await client.submit(verifyPath, verifyPath, { code: code === '000000' ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(401);
    const confirmed = await client.submit(verifyPath, verifyPath, { code });
    expect(confirmed.headers.location).toBe('/me?notice=added');
    const methodId = /\/me\/methods\/([A-Za-z0-9_-]+)\/verify/.exec(verifyPath)?.[1] ?? '';
    const listed = await client.get('/me?notice=added');
    expect(listed.body).toContain('Your sign-in method was added.');
    expect(listed.body).toContain('Email code');

    const removed = await client.post(`/me/methods/${methodId}/remove`, { csrf: csrfIn(listed.body) });
    expect(removed.headers.location).toBe('/me?notice=removed');
    const row = await f.ctx.db.selectFrom('methods').select('id').where('tenant_id', '=', f.tenantId).where('id', '=', methodId).executeTakeFirst();
    expect(row).toBeUndefined();
  });
});
