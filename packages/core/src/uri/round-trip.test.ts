import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { formatOtpauthUri } from './format.js';
import { parseOtpauthUri } from './parse.js';
import { mutate, otpauthUri } from './test-support/arbitraries.js';

const numRuns = process.env['SLOW'] ? 20_000 : 300;

/** Parses, and fails the property on anything thrown that is not a CoreError. */
function parseOrCoreError(text: string): void {
  let parsed;
  try {
    parsed = parseOtpauthUri(text);
  } catch (error) {
    expect(error).toBeInstanceOf(CoreError);
    return;
  }
  // Whatever parses must format and parse back to itself (no half-understood values).
  expect(parseOtpauthUri(formatOtpauthUri(parsed))).toStrictEqual(parsed);
}

describe('otpauth URI properties (Key Uri Format)', () => {
  it('parse(format(x)) equals x for every valid account', () => {
    fc.assert(
      fc.property(otpauthUri, (value) => {
        expect(parseOtpauthUri(formatOtpauthUri(value))).toStrictEqual(value);
      }),
      { numRuns },
    );
  });

  it('arbitrary strings give an account or a CoreError, never another exception', () => {
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string().map((rest) => `otpauth://${rest}`));
    fc.assert(fc.property(text, parseOrCoreError), { numRuns });
  });

  it('mutated valid URIs give an account or a CoreError, never another exception', () => {
    const mutated = otpauthUri.chain((value) => mutate(formatOtpauthUri(value)));
    fc.assert(fc.property(mutated, parseOrCoreError), { numRuns });
  });
});
