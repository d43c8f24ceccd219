/**
 * The development outbox: when no SMTP server or SMS webhook is configured, messages are
 * written to the `outbox` table instead of being sent, and `main` warns loudly at start. People
 * trying the server read them with `tessera-server outbox`; tests read them directly.
 *
 * @module
 */
import type { Kysely } from 'kysely';
import type { Mailer, SmsSender } from '../context.js';
import type { Database } from '../db/schema.js';

/** A mailer that stores messages in the outbox. */
export function outboxMailer(db: Kysely<Database>, now: () => number): Mailer {
  return {
    async send(message) {
      await db.insertInto('outbox').values({ channel: 'email', recipient: message.to, subject: message.subject, body: message.text, created_at: now() }).execute();
    },
  };
}

/** An SMS sender that stores messages in the outbox. */
export function outboxSms(db: Kysely<Database>, now: () => number): SmsSender {
  return {
    async send(message) {
      await db.insertInto('outbox').values({ channel: 'sms', recipient: message.to, subject: '', body: message.text, created_at: now() }).execute();
    },
  };
}
