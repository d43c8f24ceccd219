/**
 * The one rule for text a person reads to tell accounts apart — issuers, labels, group and
 * device names, work-account fields — shared by the vault and the otpauth URI codec so both
 * accept exactly the same names. Refused are control characters (terminal escapes, line
 * breaks), lone surrogates (they cannot be written as UTF-8), line/paragraph separators, and
 * every invisible format character (Unicode Cf: zero-width space, LRM/RLM, bidi overrides and
 * isolates, soft hyphen, BOM, …), because `Zero\u200BWidth` would display exactly like
 * `ZeroWidth` and let one account pose as another.
 *
 * Two uses of format characters are how some text is spelled, and are kept:
 * - U+200D ZERO WIDTH JOINER between two emoji (`👩‍💻`, optionally after a skin tone or U+FE0F),
 *   and the tag characters of emoji subdivision flags (🏴 + tags + U+E007F);
 * - U+200C ZWNJ and U+200D ZWJ between two characters of a script whose spelling needs them
 *   (Arabic script for Persian and Urdu, Syriac, and the Brahmic scripts of India and Sri
 *   Lanka), as IDNA (RFC 5892 Appendix A) allows them. A joiner inside a Latin name stays refused.
 *
 * Free text (notes) follows a looser rule: tabs, newlines and format characters are allowed,
 * only controls, lone surrogates, separators and the bidi embeddings/overrides/isolates that
 * can reorder what is displayed ("Trojan Source") are refused.
 *
 * @module
 */

const JOINER_SCRIPTS = [
  'Arabic', 'Syriac', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala',
] as const;

const EMOJI_JOINER = String.raw`(?<=\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]?)\u200D(?=\p{Extended_Pictographic})`;
const SCRIPT_JOINERS = JOINER_SCRIPTS.map((s) => String.raw`(?<=\p{scx=${s}})[\u200C\u200D](?=\p{scx=${s}})`);
const ALLOWED_JOINER = new RegExp([EMOJI_JOINER, ...SCRIPT_JOINERS].join('|'), 'gu');
const EMOJI_TAG_SEQUENCE = /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}/gu;
const FORBIDDEN_SINGLE_LINE = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}\p{Cf}]/u;
const FORBIDDEN_MULTI_LINE = /[^\P{Cc}\n\t]|[\p{Cs}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u;

/**
 * True when `text` is safe as a name: no control, separator, lone surrogate or invisible
 * format character, apart from the joiners that spell emoji and some scripts (see the module).
 *
 * @example
 * ```ts
 * isSafeName('GitHub');          // true
 * isSafeName('👩‍💻 dev');          // true: the joiner is part of the emoji
 * isSafeName('Zero\u200BWidth'); // false: displays as "ZeroWidth"
 * isSafeName('evil\u001b[2J');   // false
 * ```
 */
export function isSafeName(text: string): boolean {
  if (!FORBIDDEN_SINGLE_LINE.test(text)) return true;
  const withoutAllowed = text.replace(EMOJI_TAG_SEQUENCE, '\u{1F3F4}').replace(ALLOWED_JOINER, '');
  return !FORBIDDEN_SINGLE_LINE.test(withoutAllowed);
}

/**
 * True when `text` is safe as free text (a note): like {@link isSafeName} but tabs, newlines and
 * format characters other than bidi embeddings, overrides and isolates are allowed.
 *
 * @example
 * ```ts
 * isSafeFreeText('recovery codes:\n\tin the safe'); // true
 * isSafeFreeText('x\u202Eevil');                    // false
 * ```
 */
export function isSafeFreeText(text: string): boolean {
  return !FORBIDDEN_MULTI_LINE.test(text);
}
