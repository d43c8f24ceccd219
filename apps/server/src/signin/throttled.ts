/**
 * The sign-in forms' one answer to `ERR_THROTTLED`, whichever form was posted: a `retry-after`
 * header, status 429, and the form again with the wait in whole minutes.
 *
 * @module
 */
import type { FastifyReply } from 'fastify';
import { HTTP_STATUS, isServerError } from '../errors.js';
import type { SafeHtml } from '../pages/html.js';
import { sendPage } from '../pages/layout.js';

/** The words of the wait, never less than one minute. */
export function throttledMessage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Too many attempts. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`;
}

/** Runs `work`; when it is throttled, answers with `form` showing {@link throttledMessage}. */
export async function throttledOr(reply: FastifyReply, work: () => Promise<FastifyReply>, form: (message: string) => SafeHtml): Promise<FastifyReply> {
  try {
    return await work();
  } catch (error) {
    if (!isServerError(error, 'ERR_THROTTLED')) throw error;
    const retry = Number(error.details?.['retryAfterSeconds'] ?? 60);
    reply.header('retry-after', String(retry));
    return sendPage(reply, form(throttledMessage(retry)), HTTP_STATUS.ERR_THROTTLED);
  }
}
