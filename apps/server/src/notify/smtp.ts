/**
 * Email delivery over SMTP with nodemailer, configured by one URL (`smtp://` or `smtps://`,
 * credentials and options in the URL as nodemailer reads them). A delivery failure becomes
 * `ERR_DELIVERY_FAILED`; the message text (which may hold a one-time code) never reaches the
 * error or the log.
 *
 * @module
 */
import nodemailer from 'nodemailer';
import type { Mailer } from '../context.js';
import { ServerError } from '../errors.js';

/** What {@link createSmtpMailer} needs from the configuration. */
export interface SmtpSettings {
  /** `smtp://user:pass@host:port` or `smtps://…`. */
  readonly smtpUrl: string;
  /** The `From` header, e.g. `Tessera <no-reply@example.com>`. */
  readonly mailFrom: string;
}

/** A mailer and the way to release its connections (graceful shutdown, tests). */
export interface SmtpMailer extends Mailer {
  close(): void;
}

/**
 * A {@link Mailer} that sends through the SMTP server at `settings.smtpUrl`.
 *
 * @example
 * ```ts
 * const mailer = createSmtpMailer({ smtpUrl: 'smtp://127.0.0.1:2525', mailFrom: 'Tessera <no-reply@example.com>' });
 * await mailer.send({ to: 'ada@example.com', subject: 'Hello', text: 'Hi' });
 * ```
 */
export function createSmtpMailer(settings: SmtpSettings): SmtpMailer {
  const transport = nodemailer.createTransport(settings.smtpUrl);
  return {
    async send(message) {
      try {
        await transport.sendMail({ from: settings.mailFrom, to: message.to, subject: message.subject, text: message.text });
      } catch (cause) {
        throw new ServerError('ERR_DELIVERY_FAILED', 'the email could not be sent', { cause });
      }
    },
    close() {
      transport.close();
    },
  };
}
