/**
 * The password rules of NIST SP 800-63B-4 §3.1.1 (security.md S25): length only — at least 8
 * and at most 256 code points after Unicode NFC normalisation (15 recommended, not required) —
 * no composition rules, and a blocklist. The blocklist is the common-password dictionary that
 * ships with `@zxcvbn-ts/language-common` (about 30,000 leaked passwords, far above the
 * "top 3,000" floor) plus words from the account itself (the email's local part and domain
 * labels, the display name), because those are the first guesses of anyone targeting the user.
 * Passwords are normalised to NFC so that the same visible password typed on two keyboards
 * (composed vs decomposed accents) is the same password.
 *
 * @module
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { ServerError } from '../errors.js';

/** Fewest code points allowed (NIST floor). */
export const PASSWORD_MIN_LENGTH = 8;
/** Most code points allowed: above NIST's "at least 64" and small enough to bound the hashing work. */
export const PASSWORD_MAX_LENGTH = 256;
/** What we suggest on forms (NIST "SHOULD be 15"). */
export const PASSWORD_RECOMMENDED_LENGTH = 15;

let blocklist: ReadonlySet<string> | undefined;

// Built on first use: the dictionary is large and most processes (the CLI subcommands) never need it.
function commonPasswords(): ReadonlySet<string> {
  blocklist ??= new Set(dictionary['passwords-common'].map((word) => word.toLowerCase()));
  return blocklist;
}

/** Length in Unicode code points, the unit NIST counts in (an emoji sequence counts each code point). */
export function codePointLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** The form a password is hashed and checked in: Unicode NFC. */
export function normalisePassword(password: string): string {
  return password.normalize('NFC');
}

/** Words tied to the account that may not be the whole password (lower-case, ≥ 3 characters). */
function contextWords(context: { email?: string; displayName?: string }): string[] {
  const words: string[] = [];
  if (context.email !== undefined) {
    const email = context.email.toLowerCase();
    words.push(email);
    words.push(...email.split(/[@.+_-]/));
  }
  if (context.displayName !== undefined) {
    const name = context.displayName.normalize('NFC').toLowerCase();
    words.push(name, name.replace(/\s+/g, ''));
    words.push(...name.split(/\s+/));
  }
  return words.filter((word) => codePointLength(word) >= 3);
}

function reject(message: string): ServerError {
  return new ServerError('ERR_PASSWORD_POLICY', message);
}

/**
 * Throws `ERR_PASSWORD_POLICY` when `password` breaks the rules. The message says which rule,
 * never the password.
 *
 * @example
 * checkPasswordPolicy('correct horse battery staple', { email: 'ada@example.org' });
 */
export function checkPasswordPolicy(password: string, context: { email?: string; displayName?: string } = {}): void {
  const normalised = normalisePassword(password);
  const length = codePointLength(normalised);
  if (length < PASSWORD_MIN_LENGTH) throw reject(`a password needs at least ${PASSWORD_MIN_LENGTH} characters (${PASSWORD_RECOMMENDED_LENGTH} or more recommended)`);
  if (length > PASSWORD_MAX_LENGTH) throw reject(`a password may have at most ${PASSWORD_MAX_LENGTH} characters`);
  const lower = normalised.toLowerCase();
  if (commonPasswords().has(lower)) throw reject('this password is too common: it appears in lists of leaked passwords');
  if (/^(.)\1*$/u.test(lower)) throw reject('a password may not repeat one character');
  for (const word of contextWords(context)) {
    if (lower === word || lower.replace(/[\d\W_]+$/u, '') === word) throw reject('a password may not be your name or email address');
  }
}
