import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectCode, onlyCoreErrors, PROPERTY, utf8 } from '../test-support/support.js';
import { invalidEntry, invalidFile } from './fail.js';
import { parseImportJson, readObject, scanJson, withParsedJson } from './json.js';
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

/** The character-by-character depth check `scanJson` replaced, kept as its reference. */
function referenceDepthFailure(text: string, maxDepth: number): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return `the JSON nests deeper than ${maxDepth} levels.`;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return undefined;
}

function hasForbiddenKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(hasForbiddenKey);
  return Object.entries(value).some(([key, item]) => ['__proto__', 'constructor', 'prototype'].includes(key) || hasForbiddenKey(item));
}

function scanFailure(text: string, maxDepth: number): string | undefined {
  try {
    scanJson(text, maxDepth, (message) => {
      throw new Error(message);
    });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('scanJson', () => {
  it('fails exactly where the character-by-character depth check fails', { timeout: PROPERTY.timeout }, () => {
    const pieces = fc.constantFrom('"', '\\', '[', ']', '{', '}', 'a', ':', ',', ' ', '\\"', '"__proto__"', 'u');
    fc.assert(fc.property(fc.array(pieces, { maxLength: 80 }).map((p) => p.join('')), fc.integer({ min: 0, max: 6 }), (text, maxDepth) => {
      expect(scanFailure(text, maxDepth)).toBe(referenceDepthFailure(text, maxDepth));
    }), { numRuns: runs });
  });

  it('never rules out a forbidden key that the parsed document holds', { timeout: PROPERTY.timeout }, () => {
    const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'proto', 'a"b', 'x\\'), fc.string({ maxLength: 12 }));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 3 })),
    })).node;
    // Documents are written by JSON.stringify, and also with every letter inside a string as a \u escape.
    const letters = (text: string): string => text.replace(/[a-z_]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const escaped = (text: string): string => text.replace(/"(?:[^"\\]|\\.)*"/g, letters);
    fc.assert(fc.property(value, fc.boolean(), (parsedFrom, escape) => {
      const plain = JSON.stringify(parsedFrom);
      const text = escape ? escaped(plain) : plain;
      const document: unknown = JSON.parse(text);
      if (hasForbiddenKey(document)) expect(scanJson(text, 64, fail).mayHoldForbiddenKey).toBe(true);
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
