import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { isServerError } from '../errors.js';
import { createMailer, createSmsSender } from './senders.js';
import { createSmsWebhookSender } from './sms-webhook.js';
import { createSmtpMailer } from './smtp.js';
import { startSmtpListener, startWebhookListener, type SmtpListener, type WebhookListener } from './test-support/listeners.js';

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => undefined, (e: unknown) => e);
}

describe('SMTP delivery (nodemailer to a real smtp-server on loopback)', () => {
  let smtp: SmtpListener;
  beforeAll(async () => { smtp = await startSmtpListener(); });
  afterAll(async () => { await smtp.close(); });

  it('sends a text email with the configured sender', async () => {
    const mailer = createSmtpMailer({ smtpUrl: smtp.url, mailFrom: 'Tessera <no-reply@example.test>' });
    const seen = smtp.messages.length;
    await mailer.send({ to: 'ada@example.test', subject: 'Grüße', text: 'Line one\nZeile zwei: äöü' });
    const mail = await smtp.next(seen);
    expect(mail.from).toBe('no-reply@example.test');
    expect(mail.to).toEqual(['ada@example.test']);
    expect(mail.text.trim()).toBe('Line one\nZeile zwei: äöü');
    mailer.close();
  });

  it('createMailer picks SMTP when TESSERA_SERVER_SMTP_URL is set', async () => {
    const { config } = loadConfig({ TESSERA_SERVER_DATA_DIR: '/nonexistent', TESSERA_SERVER_SMTP_URL: smtp.url, TESSERA_SERVER_MAIL_FROM: 'it@example.test' });
    const seen = smtp.messages.length;
    // The outbox would need the database; SMTP does not touch it.
    await createMailer(config, undefined as never, () => 0).send({ to: 'bob@example.test', subject: 's', text: 't' });
    expect((await smtp.next(seen)).to).toEqual(['bob@example.test']);
  });

  it('an unreachable server is ERR_DELIVERY_FAILED without the message in the error', async () => {
    const mailer = createSmtpMailer({ smtpUrl: 'smtp://127.0.0.1:1', mailFrom: 'x@example.test' });
    const error = await failure(mailer.send({ to: 'a@example.test', subject: 's', text: 'code 314159' }));
    expect(isServerError(error, 'ERR_DELIVERY_FAILED')).toBe(true);
    expect((error as Error).message).not.toContain('314159');
  });
});

describe('SMS webhook delivery (a real node:http receiver on loopback)', () => {
  let hook: WebhookListener;
  beforeAll(async () => { hook = await startWebhookListener(); });
  afterAll(async () => { await hook.close(); });

  it('POSTs { to, text } as JSON', async () => {
    await createSmsWebhookSender(hook.url).send({ to: '+15551234567', text: 'hello' });
    expect(hook.calls.at(-1)).toEqual({ method: 'POST', contentType: 'application/json', body: { to: '+15551234567', text: 'hello' } });
  });

  it('createSmsSender picks the webhook when TESSERA_SERVER_SMS_WEBHOOK_URL is set', async () => {
    const { config } = loadConfig({ TESSERA_SERVER_DATA_DIR: '/nonexistent', TESSERA_SERVER_SMS_WEBHOOK_URL: hook.url });
    await createSmsSender(config, undefined as never, () => 0).send({ to: '+15550000000', text: 'via config' });
    expect(hook.calls.at(-1)?.body).toEqual({ to: '+15550000000', text: 'via config' });
  });

  it('a non-2xx answer or no listener is ERR_DELIVERY_FAILED without the text in the error', async () => {
    hook.status = 500;
    const error = await failure(createSmsWebhookSender(hook.url).send({ to: '+15551234567', text: 'code 271828' }));
    hook.status = 200;
    expect(isServerError(error, 'ERR_DELIVERY_FAILED')).toBe(true);
    expect((error as Error).message).not.toContain('271828');
    const refused = await failure(createSmsWebhookSender('http://127.0.0.1:1/sms').send({ to: '+1555', text: 'x' }));
    expect(isServerError(refused, 'ERR_DELIVERY_FAILED')).toBe(true);
  });
});
