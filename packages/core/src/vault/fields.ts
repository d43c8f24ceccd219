/**
 * Validation of the human-entered fields of a vault (names, notes, icons). Each validator
 * returns the canonical form (trimmed, NFC) or throws a {@link CoreError}; the operations and
 * the decoder share them, so a stored vault only ever holds values that would be accepted again.
 * What a name may hold is the shared rule of `internal/safe-text.ts` (no controls, lone
 * surrogates or invisible format characters such as zero-width spaces and bidi overrides, which
 * let a name display as another); the otpauth URI codec applies the same rule.
 *
 * @module
 */
import { CoreError, type CoreErrorCode } from '../errors.js';
import { isSafeFreeText, isSafeName } from '../internal/safe-text.js';
import type { AccountIcon } from './types.js';

/** Longest issuer, in code points. */
export const MAX_ISSUER_LENGTH = 256;
/** Longest label, in code points. */
export const MAX_LABEL_LENGTH = 256;
/** Longest note, in code points. */
export const MAX_NOTE_LENGTH = 10_000;
/** Longest group name, in code points. */
export const MAX_GROUP_NAME_LENGTH = 64;
/** Longest icon image reference, in characters: a small `data:` image fits, a photo does not. */
export const MAX_ICON_IMAGE_LENGTH: number = 512 * 1024;

// An image reference is a URL: no whitespace, controls, format characters or lone surrogates.
const IMAGE_URL = /^https:\/\/[^\s\p{Cc}\p{Cf}\p{Cs}]+$/u;
const IMAGE_DATA = /^data:image\/[a-z0-9.+-]+(?:;[a-z0-9=.+-]+)*,[^\s\p{Cc}\p{Cf}\p{Cs}]*$/iu;
const COLOR = /^[0-9a-f]{6}$/i;

/** How {@link checkText} judges one field. */
export interface TextRule {
  readonly code: CoreErrorCode;
  readonly what: string;
  readonly max: number;
  readonly allowEmpty: boolean;
  readonly multiline?: boolean;
}

/**
 * Canonical form of a text field under `rule`.
 *
 * @throws {TypeError} when `value` is not a string; {@link CoreError} `rule.code` when it breaks the rule.
 */
export function checkText(value: unknown, rule: TextRule): string {
  if (typeof value !== 'string') {
    throw new TypeError(`The ${rule.what} must be a string.`);
  }
  // Trim first so that stray whitespace at the ends (a pasted tab, a newline) is forgiven.
  const text = value.trim();
  if (!(rule.multiline === true ? isSafeFreeText(text) : isSafeName(text))) {
    throw new CoreError(rule.code, `The ${rule.what} contains a control or invisible formatting character.`);
  }
  const canonical = text.normalize('NFC');
  if (!rule.allowEmpty && canonical.length === 0) {
    throw new CoreError(rule.code, `The ${rule.what} must not be empty.`);
  }
  // A text has no more code points than UTF-16 units, so only one longer than `max` units needs
  // counting; nearly every name is shorter. The count's astral-character match over the 30,000
  // issuers, labels and notes of 10,000 accounts took 5–14 ms on first use in a process against
  // 3–8 ms with this test first (Node 20, a busy 2-CPU machine, 5 processes each; warm: ~1 ms
  // against ~0.2 ms).
  if (canonical.length > rule.max && codePointLength(canonical) > rule.max) {
    throw new CoreError(rule.code, `The ${rule.what} is longer than ${rule.max} characters.`);
  }
  return canonical;
}

function codePointLength(text: string): number {
  // Each astral character is two UTF-16 units but one character to a person.
  const astral = text.match(/[\u{10000}-\u{10FFFF}]/gu);
  return text.length - (astral?.length ?? 0);
}

/** Canonical issuer: may be empty. @throws {CoreError} `ERR_ACCOUNT_INVALID` */
export function checkIssuer(value: unknown): string {
  return checkText(value, { code: 'ERR_ACCOUNT_INVALID', what: 'issuer', max: MAX_ISSUER_LENGTH, allowEmpty: true });
}

/** Canonical label: never empty. @throws {CoreError} `ERR_ACCOUNT_INVALID` */
export function checkLabel(value: unknown): string {
  return checkText(value, { code: 'ERR_ACCOUNT_INVALID', what: 'label', max: MAX_LABEL_LENGTH, allowEmpty: false });
}

/**
 * Canonical note: line endings become `\n`, tabs and newlines are kept, the ends are trimmed
 * (a trailing return typed by accident is not content). @throws {CoreError} `ERR_ACCOUNT_INVALID`
 */
export function checkNote(value: unknown): string {
  // \r is a control character for the forbidden-set check, so fold line endings first.
  const folded = typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : value;
  return checkText(folded, { code: 'ERR_ACCOUNT_INVALID', what: 'note', max: MAX_NOTE_LENGTH, allowEmpty: true, multiline: true });
}

/** Canonical group name. @throws {CoreError} `ERR_GROUP_INVALID` */
export function checkGroupName(value: unknown): string {
  return checkText(value, { code: 'ERR_GROUP_INVALID', what: 'group name', max: MAX_GROUP_NAME_LENGTH, allowEmpty: false });
}

/**
 * Canonical icon, or `undefined` when it carries nothing (an empty icon is no icon).
 *
 * @throws {CoreError} `ERR_ACCOUNT_INVALID` for an image that is neither an `https:` URL nor a
 *   `data:image/…` URI, one that is too long, or a colour that is not `RRGGBB` hex.
 */
export function checkIcon(icon: AccountIcon): AccountIcon | undefined {
  const image = icon.image === undefined ? undefined : checkImage(icon.image);
  const color = icon.color === undefined ? undefined : checkColor(icon.color);
  if (image === undefined && color === undefined) return undefined;
  return { ...(image === undefined ? {} : { image }), ...(color === undefined ? {} : { color }) };
}

function checkImage(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError('The icon image must be a string.');
  if (value.length > MAX_ICON_IMAGE_LENGTH) {
    throw new CoreError('ERR_ACCOUNT_INVALID', `The icon image is longer than ${MAX_ICON_IMAGE_LENGTH} characters.`);
  }
  if (!IMAGE_URL.test(value) && !IMAGE_DATA.test(value)) {
    throw new CoreError('ERR_ACCOUNT_INVALID', 'The icon image must be an https: URL or a data:image/ URI.');
  }
  return value;
}

function checkColor(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError('The icon colour must be a string.');
  if (!COLOR.test(value)) {
    throw new CoreError('ERR_ACCOUNT_INVALID', 'The icon colour must be six hex digits (RRGGBB).');
  }
  return value.toUpperCase();
}

/** `value` if it is a boolean. @throws {TypeError} otherwise (a caller mistake). */
export function checkFlag(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${what} must be a boolean.`);
  return value;
}
