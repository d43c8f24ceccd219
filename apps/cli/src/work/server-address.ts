/**
 * Which server a work account lives at: the URL given, or for an email address the
 * organisation's own domain (`https://<domain>`), unless `--server` names it. The same rule as
 * `tessera admin` applies: sign-ins only travel over HTTPS, plain HTTP only to this machine.
 *
 * @module
 */
import { parseServerUrl } from '../admin/server-url.js';
import { CliError, isCliError } from '../errors.js';

/** What `tessera work add` was given. */
export interface WorkTarget {
  readonly serverUrl: string;
  /** The email address, when one was given (the sign-in must be that account). */
  readonly email: string | undefined;
}

const EMAIL = /^[^\s@/]{1,200}@([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+)$/;

function checked(url: string): string {
  try {
    return parseServerUrl(url);
  } catch (error) {
    if (isCliError(error, 'ERR_ADMIN_SERVER_INVALID')) throw new CliError('ERR_WORK_SERVER_INVALID', error.message);
    throw error;
  }
}

/**
 * The server and email of `target` (an email address or a server URL), `--server` winning.
 *
 * @example
 * ```ts
 * resolveWorkTarget('ada@example.org');                   // { serverUrl: 'https://example.org', email: 'ada@example.org' }
 * resolveWorkTarget('ada@example.org', 'https://id.example.org'); // { serverUrl: 'https://id.example.org', email: … }
 * ```
 */
export function resolveWorkTarget(target: string, server?: string): WorkTarget {
  const trimmed = target.trim();
  const email = EMAIL.exec(trimmed);
  if (email !== null) {
    return { serverUrl: checked(server ?? `https://${(email[1] ?? '').toLowerCase()}`), email: trimmed.toLowerCase() };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return { serverUrl: checked(server ?? trimmed), email: undefined };
  throw new CliError('ERR_WORK_SERVER_INVALID', `Give your work email address or your organisation's server URL (https://…), not ${JSON.stringify(trimmed)}.`);
}
