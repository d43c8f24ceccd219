import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { forEachDialect } from '../db/test-support/dialects.js';
import { isServerError } from '../errors.js';
import { createSmsWebhookSender } from '../notify/sms-webhook.js';
import { createSmtpMailer } from '../notify/smtp.js';
import { startSmtpListener, startWebhookListener, type SmtpListener, type WebhookListener } from '../notify/test-support/listeners.js';
import { listMethods } from './methods.js';
import { addOobMethod, listSignInMethods, sendOneTimeCode, verifyOneTimeCode } from './oob.js';
import { codeIn, enrolTotp, expectCode, factorFixture, otherCode, setPolicy, type FactorFixture } from './test-support/fixtures.js';

forEachDialect('email and SMS one-time codes', (get) => {
  let f: FactorFixture;
  let target: string;
  beforeEach(async () => {
    f = await factorFixture(get());
    target = `ada.${f.userId.slice(0, 6).toLowerCase()}@mail.example.test`;
  });
  const ref = (methodId: string) => ({ tenantId: f.tenantId, userId: f.userId, methodId });
  const lastCode = () => codeIn(f.ctx.emails.at(-1)?.text ?? '');
  const addEmail = () => addOobMethod(f.ctx, { tenantId: f.tenantId, userId: f.userId, kind: 'email', target, viaTap: false });

  it('a new email method is pending until the code sent to it comes back; then it is audited and announced', async () => {
    const { methodId } = await addEmail();
    expect(f.ctx.emails.at(-1)?.to).toBe(target);
    expect((await listMethods(f.ctx, f.tenantId, f.userId))[0]).toMatchObject({ id: methodId, kind: 'email', pending: true, label: 'a•••@mail.example.test' });
    expect(await listSignInMethods(f.ctx, f.tenantId, f.userId)).toEqual([]);
    // Sign-in never uses a pending method.
    expect(await verifyOneTimeCode(f.ctx, { ...ref(methodId), code: lastCode() })).toBe(false);
    await expectCode(sendOneTimeCode(f.ctx, ref(methodId)), 'ERR_NOT_FOUND');
    expect(await verifyOneTimeCode(f.ctx, { ...ref(methodId), code: lastCode(), allowPending: true })).toBe(true);
    expect((await listMethods(f.ctx, f.tenantId, f.userId))[0]?.pending).toBe(false);
    expect(await listSignInMethods(f.ctx, f.tenantId, f.userId)).toEqual([{ id: methodId, kind: 'email', label: 'a•••@mail.example.test' }]);
    const audit = await f.ctx.db.selectFrom('audit_log').select(['action', 'detail']).where('tenant_id', '=', f.tenantId).execute();
    expect(audit).toEqual([{ action: 'method.add', detail: JSON.stringify({ methodId, kind: 'email', viaTap: false }) }]);
    // The notice goes to the account address and the newly verified one.
    expect(f.ctx.emails.filter((m) => m.subject === 'A sign-in method was added to your account').map((m) => m.to).sort()).toEqual([f.email, target].sort());
  });

  it('a code is single use', async () => {
    const { methodId } = await addEmail();
    const code = lastCode();
    expect(await verifyOneTimeCode(f.ctx, { ...ref(methodId), code, allowPending: true })).toBe(true);
    expect(await verifyOneTimeCode(f.ctx, { ...ref(methodId), code, allowPending: true })).toBe(false);
    await sendOneTimeCode(f.ctx, ref(methodId));
    const second = lastCode();
    const results = await Promise.all(Array.from({ length: 20 }, () => verifyOneTimeCode(f.ctx, { ...ref(methodId), code: second })));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('a code expires after 10 minutes', async () => {
    const { methodId } = await addEmail();
    const code = lastCode();
    f.ctx.advance(10 * 60_000);
    expect(await verifyOneTimeCode(f.ctx, { ...ref(methodId), code, allowPending: true })).toBe(false);
  });

  it('a code allows at most 5 guesses, even concurrent ones', async () => {
    const { methodId } = await addEmail();
    const code = lastCode();
    for (let i = 0; i < 5; i++) expect(await verifyOneTimeCode(f.ctx, { ...ref(methodId), code: otherCode(code), allowPending: true })).toBe(false);
    expect(await verifyOneTimeCode(f.ctx, { ...ref(methodId), code, allowPending: true })).toBe(false);
    await sendOneTimeCode(f.ctx, { ...ref(methodId), allowPending: true });
    const fresh = lastCode();
    await Promise.all(Array.from({ length: 12 }, () => verifyOneTimeCode(f.ctx, { ...ref(methodId), code: otherCode(fresh), allowPending: true })));
    const row = await f.ctx.db.selectFrom('one_time_codes').select('attempts').where('method_id', '=', methodId).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(row.attempts).toBe(5);
    expect(await verifyOneTimeCode(f.ctx, { ...ref(methodId), code: fresh, allowPending: true })).toBe(false);
  });

  it('codes are stored hashed (keyed): neither the code nor its plain SHA-256 is in the database', async () => {
    const { methodId } = await addEmail();
    const code = lastCode();
    const rows = await f.ctx.db.selectFrom('one_time_codes').selectAll().where('method_id', '=', methodId).execute();
    expect(rows).toHaveLength(1);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(code);
    expect(text).not.toContain(createHash('sha256').update(code).digest('hex'));
  });

  it('a new code ends the previous one; sending pauses after 5 codes in 10 minutes', async () => {
    const { methodId } = await addEmail();
    const first = lastCode();
    await sendOneTimeCode(f.ctx, { ...ref(methodId), allowPending: true });
    const second = lastCode();
    if (first !== second) expect(await verifyOneTimeCode(f.ctx, { ...ref(methodId), code: first, allowPending: true })).toBe(false);
    for (let i = 0; i < 3; i++) await sendOneTimeCode(f.ctx, { ...ref(methodId), allowPending: true });
    const error = await sendOneTimeCode(f.ctx, { ...ref(methodId), allowPending: true }).then(() => undefined, (e: unknown) => e);
    expect(isServerError(error, 'ERR_THROTTLED')).toBe(true);
    expect((error as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds).toBe(600);
    f.ctx.advance(10 * 60_000 + 1);
    await sendOneTimeCode(f.ctx, { ...ref(methodId), allowPending: true });
    expect(await verifyOneTimeCode(f.ctx, { ...ref(methodId), code: lastCode(), allowPending: true })).toBe(true);
  });

  it('validates targets, refuses duplicates and kinds the policy disables', async () => {
    const add = (kind: 'email' | 'sms', t: string) => addOobMethod(f.ctx, { tenantId: f.tenantId, userId: f.userId, kind, target: t, viaTap: false });
    await expectCode(add('email', 'not an address'), 'ERR_VALIDATION');
    await expectCode(add('sms', '0151 1234567'), 'ERR_VALIDATION');
    await expectCode(add('sms', '+1 555 12'), 'ERR_VALIDATION');
    await addEmail();
    await expectCode(add('email', target.toUpperCase()), 'ERR_METHOD_EXISTS');
    await setPolicy(f, { methods: { totp: true, email: true, sms: false } });
    await expectCode(add('sms', '+44 20 7946 0958'), 'ERR_FORBIDDEN');
  });

  it('listSignInMethods offers verified methods the policy allows, with masked targets', async () => {
    const { methodId: totpId } = await enrolTotp(f);
    f.ctx.advance(1000);
    const { methodId } = await addOobMethod(f.ctx, { tenantId: f.tenantId, userId: f.userId, kind: 'sms', target: '+44 20 7946 0958', viaTap: false, label: '+442079460958 work' });
    expect(await verifyOneTimeCode(f.ctx, { ...ref(methodId), code: codeIn(f.ctx.texts.at(-1)?.text ?? ''), allowPending: true })).toBe(true);
    expect(f.ctx.texts.at(-1)?.to).toBe('+442079460958');
    expect(await listSignInMethods(f.ctx, f.tenantId, f.userId)).toEqual([
      { id: totpId, kind: 'totp', label: 'Authenticator app' },
      { id: methodId, kind: 'sms', label: '•••• 0958' },
    ]);
    await setPolicy(f, { methods: { totp: true, email: true, sms: false } });
    expect((await listSignInMethods(f.ctx, f.tenantId, f.userId)).map((m) => m.kind)).toEqual(['totp']);
  });

  it('another user\'s method is not found and its codes do not work', async () => {
    const { methodId } = await addEmail();
    const code = lastCode();
    await expectCode(sendOneTimeCode(f.ctx, { tenantId: f.tenantId, userId: f.adminId, methodId, allowPending: true }), 'ERR_NOT_FOUND');
    expect(await verifyOneTimeCode(f.ctx, { tenantId: f.tenantId, userId: f.adminId, methodId, code, allowPending: true })).toBe(false);
  });

  it('property: random strings as codes are false, never an exception', async () => {
    const { methodId } = await addEmail();
    const code = lastCode();
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^\d{1,8}$/)), fc.boolean(), async (guess, allowPending) => {
      fc.pre(guess !== code);
      expect(await verifyOneTimeCode(f.ctx, { ...ref(methodId), code: guess, allowPending })).toBe(false);
    }), { numRuns: 60 });
  });
});

forEachDialect('one-time codes over real delivery', (get) => {
  let smtp: SmtpListener;
  let hook: WebhookListener;
  beforeAll(async () => { smtp = await startSmtpListener(); hook = await startWebhookListener(); });
  afterAll(async () => { await smtp.close(); await hook.close(); });

  it('an email code received by a real SMTP listener verifies the method', async () => {
    const f = await factorFixture(get());
    const mailer = createSmtpMailer({ smtpUrl: smtp.url, mailFrom: 'Tessera <no-reply@example.test>' });
    const ctx = { ...f.ctx, mailer };
    const seen = smtp.messages.length;
    const { methodId } = await addOobMethod(ctx, { tenantId: f.tenantId, userId: f.userId, kind: 'email', target: 'grace@mail.example.test', viaTap: false });
    const mail = await smtp.next(seen);
    expect(mail.to).toEqual(['grace@mail.example.test']);
    expect(mail.headers.get('subject')).toBe('Your Tessera code');
    const code = codeIn(mail.text);
    expect(await verifyOneTimeCode(ctx, { tenantId: f.tenantId, userId: f.userId, methodId, code, allowPending: true })).toBe(true);
    mailer.close();
  });

  it('an SMS code received by a real webhook receiver verifies the method', async () => {
    const f = await factorFixture(get());
    const ctx = { ...f.ctx, sms: createSmsWebhookSender(hook.url) };
    const { methodId } = await addOobMethod(ctx, { tenantId: f.tenantId, userId: f.userId, kind: 'sms', target: '+1 (555) 010-9999', viaTap: false });
    const call = hook.calls.at(-1);
    expect(call?.contentType).toBe('application/json');
    const body = call?.body as { to: string; text: string };
    expect(body.to).toBe('+15550109999');
    expect(await verifyOneTimeCode(ctx, { tenantId: f.tenantId, userId: f.userId, methodId, code: codeIn(body.text), allowPending: true })).toBe(true);
    // Sign-in can now send to it.
    await sendOneTimeCode(ctx, { tenantId: f.tenantId, userId: f.userId, methodId });
    expect(hook.calls).toHaveLength(2);
  });
});
