/**
 * Checks on the free text an otpauth URI carries (issuer, account name, image URL). Control
 * characters have no business in a name and are how a hostile URI would smuggle terminal escape
 * sequences or line breaks into a listing; lone surrogates cannot be encoded as UTF-8, so a name
 * holding one could never be written back out. Both are refused on the way in and on the way out.
 *
 * @module
 */

function isControl(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

/**
 * True when `text` holds no C0/C1 control character, no DEL and no unpaired surrogate.
 *
 * @example
 * ```ts
 * isPrintableText('Big Corporation'); // true
 * isPrintableText('evil\u001b[2J');   // false
 * ```
 */
export function isPrintableText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControl(code)) {
      return false;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) {
        return false;
      }
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return false;
    }
  }
  return true;
}
