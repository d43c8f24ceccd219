/**
 * SMS delivery through a webhook: the server POSTs `{ "to": "+4915…", "text": "…" }` as JSON to
 * the configured URL, and whatever sits there (an SMS gateway, a small adapter) sends it. Any
 * answer other than 2xx, a network failure or no answer within the timeout is
 * `ERR_DELIVERY_FAILED`; the text (which holds a one-time code) never reaches the error.
 *
 * @module
 */
import type { SmsSender } from '../context.js';
import { ServerError } from '../errors.js';

/** How long the webhook may take to answer before the send counts as failed. */
export const SMS_WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * An {@link SmsSender} that posts each message to `url`.
 *
 * @example
 * ```ts
 * const sms = createSmsWebhookSender('https://sms-gateway.example/send');
 * await sms.send({ to: '+15551234567', text: 'Your code is 123456' });
 * ```
 */
export function createSmsWebhookSender(url: string, timeoutMs = SMS_WEBHOOK_TIMEOUT_MS): SmsSender {
  return {
    async send(message) {
      let status: number;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ to: message.to, text: message.text }),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
        status = response.status;
        await response.body?.cancel();
      } catch (cause) {
        throw new ServerError('ERR_DELIVERY_FAILED', 'the text message could not be sent', { cause });
      }
      if (status < 200 || status > 299) {
        throw new ServerError('ERR_DELIVERY_FAILED', `the SMS webhook answered ${status}`);
      }
    },
  };
}
