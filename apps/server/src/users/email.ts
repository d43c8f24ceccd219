/**
 * The sign-in name: an email address in one canonical form (trimmed, NFC, lower case), so that
 * lookups, uniqueness and throttling all agree on what "the same account" is.
 *
 * @module
 */
import { ServerError } from '../errors.js';

/** Longest address accepted (RFC 5321 path limit). */
export const EMAIL_MAX_LENGTH = 254;

/** The canonical form of `email` (no validation: usable on anything typed into a sign-in form). */
export function normaliseEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

/** The canonical form of `email`, or `ERR_VALIDATION` when it is not `local@domain`. */
export function parseEmail(email: string): { email: string; domain: string } {
  const canonical = normaliseEmail(email);
  const at = canonical.lastIndexOf('@');
  const local = canonical.slice(0, at);
  const domain = canonical.slice(at + 1);
  if (at <= 0 || canonical.length > EMAIL_MAX_LENGTH || local.length > 64 || /[\s<>()[\]\\,;:"]/.test(canonical) || !domain.includes('.') || domain.startsWith('.') || domain.endsWith('.')) {
    throw new ServerError('ERR_VALIDATION', 'not an email address');
  }
  return { email: canonical, domain };
}
