import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectCode, onlyCoreErrors, PROPERTY } from '../test-support/support.js';
import { parseCsv } from './csv.js';
import { invalidFile } from './fail.js';

const fail = invalidFile('CSV file');

/** RFC 4180 §2 rules 5–7: quote every field, double the quotes inside. */
function writeCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map((f) => `"${f.replaceAll('"', '""')}"`).join(',')).join('\r\n');
}

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\n1,,3\n';
    expect(parseCsv(text, fail)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'two\nlines'] },
      { line: 4, fields: ['1', '', '3'] },
    ]);
  });

  it('skips blank lines and accepts a missing final line break', () => {
    expect(parseCsv('\n\na\n\nb', fail).map((r) => r.fields)).toEqual([['a'], ['b']]);
  });

  it('keeps a stray quote inside an unquoted field as text', () => {
    expect(parseCsv('ab"c,d', fail)[0]?.fields).toEqual(['ab"c', 'd']);
  });

  it('refuses a quoted field that never ends', () => {
    expectCode(() => parseCsv('a,"bc\n', fail), 'ERR_IMPORT_INVALID');
  });

  it('reads back what an RFC 4180 writer writes', { timeout: PROPERTY.timeout }, () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', ',', '"', '\n', '\r', ' ', 'é'), maxLength: 8 });
    const rows = fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 });
    fc.assert(fc.property(rows, (data) => {
      expect(parseCsv(writeCsv(data), fail).map((r) => r.fields)).toEqual(data);
    }), { numRuns: PROPERTY.runs(300, 10_000) });
  });

  it('only ever throws CoreError for random text', { timeout: PROPERTY.timeout }, () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r'), maxLength: 40 }), (text) => {
      onlyCoreErrors(() => parseCsv(text, fail), ['ERR_IMPORT_INVALID']);
    }), { numRuns: PROPERTY.runs(500, 20_000) });
  });
});
