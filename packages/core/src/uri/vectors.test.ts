import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CoreError, type CoreErrorCode } from '../errors.js';
import { formatOtpauthUri } from './format.js';
import { parseOtpauthUri } from './parse.js';
import type { OtpauthUri } from './types.js';

const VECTORS = new URL('../../../../vectors/', import.meta.url);

function dataLines(name: string): string[] {
  return readFileSync(new URL(name, VECTORS), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

/** The URIs of `otpauth-uri-valid.txt`, in file order. */
function validUris(): string[] {
  return dataLines('otpauth-uri-valid.txt');
}

/** `otpauth-uri-valid.json`: the expected parse result of each valid URI, in file order. */
function validExpectations(): { uri: string; expected: OtpauthUri }[] {
  const doc = JSON.parse(readFileSync(new URL('otpauth-uri-valid.json', VECTORS), 'utf8')) as {
    vectors: { uri: string; expected: OtpauthUri }[];
  };
  return doc.vectors;
}

/** `otpauth-uri-invalid.txt`: `CODE<TAB>URI` per line. */
function invalidUris(): { code: CoreErrorCode; uri: string }[] {
  return dataLines('otpauth-uri-invalid.txt').map((line) => {
    const tab = line.indexOf('\t');
    if (tab < 0) {
      throw new Error(`Vector line without a TAB: ${line}`);
    }
    return { code: line.slice(0, tab) as CoreErrorCode, uri: line.slice(tab + 1) };
  });
}

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('Key Uri Format vectors (vectors/otpauth-uri-valid.txt)', () => {
  const uris = validUris();
  const expectations = validExpectations();

  it('has an expected result for every URI, in order', () => {
    expect(uris.length).toBeGreaterThanOrEqual(30);
    expect(expectations.map((vector) => vector.uri)).toEqual(uris);
  });

  it.each(expectations)('parses $uri', ({ uri, expected }) => {
    expect(parseOtpauthUri(uri)).toStrictEqual(expected);
  });

  it.each(uris)('formats the parse of %s into a URI that parses the same', (uri) => {
    const parsed = parseOtpauthUri(uri);
    expect(parseOtpauthUri(formatOtpauthUri(parsed))).toStrictEqual(parsed);
  });
});

describe('Key Uri Format vectors (vectors/otpauth-uri-invalid.txt)', () => {
  const vectors = invalidUris();

  it('has enough cases', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(25);
  });

  it.each(vectors)('rejects $uri with $code', ({ code, uri }) => {
    const error = errorOf(() => parseOtpauthUri(uri));
    expect(error).toBeInstanceOf(CoreError);
    expect(error).toMatchObject({ code });
  });
});
