import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSafeFreeText, isSafeName } from './safe-text.js';

describe('isSafeName', () => {
  it.each([
    ['plain text', 'GitHub'],
    ['accents and CJK', 'Ünïcødé 日本語'],
    ['an emoji ZWJ sequence', '👩‍💻 dev'],
    ['a ZWJ sequence with a skin tone', '👩🏽‍💻'],
    ['a ZWJ sequence with VS16', '🏳️‍🌈'],
    ['a subdivision flag (tag characters)', '🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F} FA'],
    ['Persian with a ZWNJ', 'می\u200Cخواهم'],
    ['Devanagari with a ZWJ after the virama', 'क्\u200Dष'],
    ['a variation selector (not a format character)', '☺\uFE0F'],
  ])('accepts %s', (_, text) => {
    expect(isSafeName(text)).toBe(true);
  });

  it.each([
    ['a zero-width space', 'Zero\u200BWidth'],
    ['a ZWJ between Latin letters', 'Goo\u200Dgle'],
    ['a ZWNJ between Latin letters', 'Goo\u200Cgle'],
    ['a ZWJ after an emoji but before a letter', '👩\u200Da'],
    ['a trailing ZWJ', '👩\u200D'],
    ['a left-to-right mark', 'Bank\u200E'],
    ['a right-to-left mark', '\u200FBank'],
    ['a bidi override', 'moc.elgoog\u202E'],
    ['a bidi isolate', 'a\u2066b\u2069'],
    ['a soft hyphen', 'Pay\u00ADPal'],
    ['a byte-order mark', '\uFEFFGitHub'],
    ['a tag character outside a flag', 'a\u{E0067}'],
    ['an escape', 'evil\u001b[2J'],
    ['a newline', 'a\nb'],
    ['a tab', 'a\tb'],
    ['a line separator', 'a\u2028b'],
    ['a lone surrogate', 'a\uD800'],
  ])('refuses %s', (_, text) => {
    expect(isSafeName(text)).toBe(false);
  });

  it('never accepts a string that still holds a format character outside a joiner', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), fc.string({ unit: 'grapheme-ascii' }), fc.constantFrom('\u200B', '\u200C', '\u200D', '\u200E', '\u2060', '\uFEFF'), (a, b, cf) => {
        expect(isSafeName(`${a}${cf}${b}`)).toBe(false);
      }),
      { numRuns: process.env['SLOW'] ? 5_000 : 200 },
    );
  });
});

describe('isSafeFreeText', () => {
  it('allows tabs, newlines and format characters in notes', () => {
    expect(isSafeFreeText('codes:\n\tin the safe')).toBe(true);
    expect(isSafeFreeText('zero\u200Bwidth and \u200Fmarks')).toBe(true);
  });

  it('refuses controls, separators, lone surrogates and bidi reordering', () => {
    for (const text of ['a\rb', 'a\u0000', 'a\u2029', 'a\uDC00', 'x\u202Eevil', 'a\u2067b']) {
      expect(isSafeFreeText(text)).toBe(false);
    }
  });
});
