import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { hasMalformedEscape, percentDecode } from './percent.js';

/** `percentDecode` without its shortcut for text with no `%`, kept as the reference. */
function reference(text: string): string {
  if (hasMalformedEscape(text)) throw new CoreError('ERR_URI_INVALID', 'The part has a malformed %-escape.');
  try {
    return decodeURIComponent(text);
  } catch (cause) {
    throw new CoreError('ERR_URI_INVALID', 'The part is not percent-encoded UTF-8.', { cause });
  }
}

function outcome(run: () => string): string {
  try {
    return `ok ${run()}`;
  } catch (error) {
    return error instanceof CoreError ? `${error.code} ${error.message}` : `other ${String(error)}`;
  }
}

describe('percentDecode', () => {
  it('decodes, and refuses, exactly as the malformed-escape check and decodeURIComponent do', () => {
    const piece = fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('%', '%4', '%41', '%e9', '%C3%A9', '%C3', '%zz', '+', '\uD800'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }).map((p) => p.join('')), (text) => {
        expect(outcome(() => percentDecode(text, 'part'))).toBe(outcome(() => reference(text)));
      }),
    );
  });
});
