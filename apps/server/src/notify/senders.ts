/**
 * Picks the delivery channels from the configuration: SMTP and the SMS webhook when configured,
 * the development outbox otherwise.
 *
 * @module
 */
import type { Kysely } from 'kysely';
import type { ServerConfig } from '../config/config.js';
import type { Mailer, SmsSender } from '../context.js';
import type { Database } from '../db/schema.js';
import { outboxMailer, outboxSms } from './outbox.js';
import { createSmsWebhookSender } from './sms-webhook.js';
import { createSmtpMailer } from './smtp.js';

/** The mailer for `config`. */
export function createMailer(config: ServerConfig, db: Kysely<Database>, now: () => number): Mailer {
  if (config.smtpUrl === undefined) return outboxMailer(db, now);
  return createSmtpMailer({ smtpUrl: config.smtpUrl, mailFrom: config.mailFrom });
}

/** The SMS sender for `config`. */
export function createSmsSender(config: ServerConfig, db: Kysely<Database>, now: () => number): SmsSender {
  if (config.smsWebhookUrl === undefined) return outboxSms(db, now);
  return createSmsWebhookSender(config.smsWebhookUrl);
}
