/**
 * What Tessera accepts as a new passphrase (app lock, backup keyring). Deliberately simple and
 * honest: at least 8 characters, at most 1024, not one character repeated, and not on a short
 * list of the most common passwords (NIST SP 800-63B-4 asks for a blocklist; ours is small, not
 * a breach corpus, and the scrypt work factor of 2^18 is what slows guessing). Passphrases are
 * NFC-normalised so the same text typed on different systems unlocks alike (security.md §2b,
 * case 3). Nothing here ever puts the passphrase in a message.
 *
 * @module
 */
import { CoreError } from '../errors.js';

/** Fewest characters (Unicode code points) accepted. */
export const MIN_PASSPHRASE_LENGTH = 8;
/** Most characters accepted: bounds the work done on input nobody types. */
export const MAX_PASSPHRASE_LENGTH = 1024;

/** Common passwords of 8+ characters (the shorter ones fail the length rule anyway). */
const COMMON = new Set([
  '12345678', '123456789', '1234567890', '12345678910', '0123456789', '87654321', '11111111', '00000000',
  '11223344', '12341234', '12121212', '123123123', '147258369', '987654321', 'password', 'password1',
  'password12', 'password123', 'password!', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'qwertyui', 'qwertyuiop',
  'qwerty123', 'qwerty12', '1q2w3e4r', '1q2w3e4r5t', 'q1w2e3r4', 'zaq12wsx', '1qaz2wsx', 'asdfghjkl',
  'asdfasdf', 'zxcvbnm1', 'iloveyou', 'iloveyou1', 'sunshine', 'princess', 'football', 'baseball',
  'welcome1', 'welcome123', 'letmein1', 'trustno1', 'superman', 'starwars', 'whatever', 'michelle',
  'jennifer', 'computer', 'corvette', 'mercedes', 'mustang1', 'internet', 'abcd1234', 'abc12345',
  'abcdefgh', 'aa123456', 'changeme', 'administrator', 'admin123', 'secret123', 'monkey123', 'dragon123',
  'master123', 'shadow123', 'football1', 'liverpool', 'chocolate', 'butterfly', 'passphrase', 'tessera123',
]);

/**
 * The form a passphrase is used in: NFC. Apply before every encrypt and decrypt.
 *
 * @example
 * ```ts
 * normalizePassphrase('cafe\u0301') === normalizePassphrase('caf\u00e9'); // true
 * ```
 */
export function normalizePassphrase(passphrase: string): string {
  return passphrase.normalize('NFC');
}

/**
 * Throws `ERR_PASSPHRASE_WEAK` or `ERR_PASSPHRASE_TOO_LONG` unless `passphrase` is acceptable
 * as a new passphrase. Only for setting one: unlocking never re-checks, so a passphrase chosen
 * under an older policy keeps working.
 *
 * @example
 * ```ts
 * checkPassphraseStrength('correct horse battery staple'); // ok
 * checkPassphraseStrength('password1'); // throws ERR_PASSPHRASE_WEAK
 * ```
 */
export function checkPassphraseStrength(passphrase: string): void {
  const normalized = normalizePassphrase(passphrase);
  // Code points, not graphemes: NIST SP 800-63B-4 counts each Unicode code point as one character.
  const chars = Array.from(normalized);
  if (chars.length > MAX_PASSPHRASE_LENGTH) {
    throw new CoreError('ERR_PASSPHRASE_TOO_LONG', `The passphrase is longer than ${MAX_PASSPHRASE_LENGTH} characters.`);
  }
  if (chars.length < MIN_PASSPHRASE_LENGTH) {
    throw new CoreError('ERR_PASSPHRASE_WEAK', `The passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  }
  if (new Set(chars).size === 1 || COMMON.has(normalized.toLowerCase())) {
    throw new CoreError('ERR_PASSPHRASE_WEAK', 'The passphrase is too easy to guess; choose a few unrelated words.');
  }
}
