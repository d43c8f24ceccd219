import { describe, expect, it } from 'vitest';
import { expectCode, utf8 } from '../test-support/support.js';
import { parseCsv } from './csv.js';
import { invalidFile } from './fail.js';
import { MAX_IMPORT_ENTRIES } from './limits.js';
import { decodeImportText, meaningfulLines } from './text.js';

const fail = invalidFile('test file');

describe('text exports', () => {
  it('numbers meaningful lines across every kind of line ending', () => {
    expect(meaningfulLines('a\r\n\n# note\r  b  \n\nc', fail)).toEqual([
      { line: 1, text: 'a' },
      { line: 4, text: 'b' },
      { line: 6, text: 'c' },
    ]);
  });

  it('decodes strict UTF-8 without a byte-order mark', () => {
    expect(decodeImportText(utf8('\uFEFFé'), fail)).toBe('é');
    expectCode(() => decodeImportText(new Uint8Array([0xc3]), fail), 'ERR_IMPORT_INVALID');
  });

  it('reads ten million empty lines without building them', () => {
    expect(meaningfulLines('\n'.repeat(10_000_000), fail)).toEqual([]);
  });

  it(`refuses more than ${MAX_IMPORT_ENTRIES} lines or CSV rows`, () => {
    expect(meaningfulLines('a\n'.repeat(MAX_IMPORT_ENTRIES), fail)).toHaveLength(MAX_IMPORT_ENTRIES);
    expectCode(() => meaningfulLines('a\n'.repeat(MAX_IMPORT_ENTRIES + 1), fail), 'ERR_IMPORT_INVALID');
    expectCode(() => parseCsv('a\n'.repeat(MAX_IMPORT_ENTRIES + 1), fail), 'ERR_IMPORT_INVALID');
  });
});
