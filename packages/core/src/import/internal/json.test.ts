import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectCode, onlyCoreErrors, PROPERTY, utf8 } from '../test-support/support.js';
import { invalidEntry, invalidFile } from './fail.js';
import { parseImportJson, readObject, withParsedJson } from './json.js';
import { MAX_IMPORT_BYTES } from './limits.js';

const fail = invalidFile('test file');
const runs = PROPERTY.runs(300, 10_000);

describe('parseImportJson', () => {
  it('parses ordinary JSON and drops a byte-order mark', () => {
    expect(parseImportJson(utf8('\uFEFF{"a":[1,"x",null]}'), fail)).toEqual({ a: [1, 'x', null] });
  });

  it('refuses invalid UTF-8 and invalid JSON as ERR_IMPORT_INVALID', () => {
    expectCode(() => parseImportJson(new Uint8Array([0x7b, 0xff, 0x7d]), fail), 'ERR_IMPORT_INVALID');
    expectCode(() => parseImportJson(utf8('{"a":'), fail), 'ERR_IMPORT_INVALID');
  });

  it('refuses files above the size cap before reading them', () => {
    const huge = new Uint8Array(MAX_IMPORT_BYTES + 1);
    expectCode(() => parseImportJson(huge, fail), 'ERR_IMPORT_TOO_LARGE');
  });

  it('refuses nesting deeper than the cap, however deep, without a stack overflow', () => {
    expect(parseImportJson(utf8('['.repeat(64) + ']'.repeat(64)), fail)).toBeDefined();
    expectCode(() => parseImportJson(utf8('['.repeat(65) + ']'.repeat(65)), fail), 'ERR_IMPORT_INVALID');
    expectCode(() => parseImportJson(utf8('{"a":'.repeat(1_000_000)), fail), 'ERR_IMPORT_INVALID');
    expectCode(() => parseImportJson(utf8('['.repeat(5_000_000)), fail), 'ERR_IMPORT_INVALID');
  });

  it('counts brackets inside strings as text', () => {
    const text = JSON.stringify({ note: '['.repeat(500) + '\\"{' });
    expect(parseImportJson(utf8(text), fail)).toEqual({ note: '['.repeat(500) + '\\"{' });
  });

  it('refuses __proto__, constructor and prototype members at any depth', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      expectCode(() => parseImportJson(utf8(`{"${key}":{"polluted":true}}`), fail), 'ERR_IMPORT_INVALID');
      expectCode(() => parseImportJson(utf8(`{"items":[{"x":{"${key}":1}}]}`), fail), 'ERR_IMPORT_INVALID');
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses those members when their names are spelled with \\u escapes', () => {
    for (const key of ['\\u005f_proto__', 'constructo\\u0072', '\\u0070rototype']) {
      expectCode(() => parseImportJson(utf8(`{"a":[{"${key}":1}]}`), fail), 'ERR_IMPORT_INVALID');
    }
  });

  it('hands a document parsed from the same bytes over once, inside the call only', () => {
    const bytes = utf8('{"a":1}');
    const handed = { a: 'already parsed' };
    const [first, second] = withParsedJson(bytes, handed, () => [parseImportJson(bytes, fail), parseImportJson(bytes, fail)]);
    expect(first).toBe(handed);
    expect(second).toEqual({ a: 1 });
    expect(withParsedJson(bytes, handed, () => parseImportJson(utf8('{"a":1}'), fail))).toEqual({ a: 1 });
    expect(withParsedJson(bytes, handed, () => parseImportJson(bytes, fail, 8))).toEqual({ a: 1 });
    expect(parseImportJson(bytes, fail)).toEqual({ a: 1 });
  });

  it('only ever throws CoreError for random bytes and random JSON', { timeout: PROPERTY.timeout }, () => {
    const codes = ['ERR_IMPORT_INVALID'] as const;
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      onlyCoreErrors(() => parseImportJson(bytes, fail), codes);
    }), { numRuns: runs });
    fc.assert(fc.property(fc.json({ depthSize: 'large' }), (text) => {
      onlyCoreErrors(() => parseImportJson(utf8(text), fail), codes);
    }), { numRuns: runs });
  });
});

describe('JsonFields', () => {
  const item = readObject({ name: 'GitHub', digits: 6, fav: true, none: null, list: [], obj: {} }, 'items[2]', invalidEntry);

  it('reads typed members and treats null like absence for optional ones', () => {
    expect(item.string('name')).toBe('GitHub');
    expect(item.integer('digits', { min: 1, max: 10 })).toBe(6);
    expect(item.boolean('fav')).toBe(true);
    expect(item.optionalString('none')).toBeUndefined();
    expect(item.optionalString('missing')).toBeUndefined();
    expect(item.array('list')).toEqual([]);
    expect(item.object('obj').path).toBe('items[2].obj');
  });

  it('fails with the path and never the value', () => {
    expectCode(() => item.integer('name'), 'ERR_IMPORT_ENTRY_INVALID');
    expect(() => item.string('digits')).toThrow('items[2].digits must be text.');
    expect(() => item.integer('digits', { max: 5 })).toThrow(/items\[2\]\.digits must be a whole number from/);
    expectCode(() => readObject([], 'items[0]', invalidEntry), 'ERR_IMPORT_ENTRY_INVALID');
  });
});
