/**
 * Helpers for the hostile-input and fuzz tests of every importer: KDFs that prove the importer
 * bounded the parameters before deriving anything, hostile JSON, and the assertion that an
 * importer failed with a typed error and nothing else. Mutations of a valid file are
 * `import/test-support/mutate.ts`, shared with the other importers' fuzz tests.
 *
 * @module
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { CoreError, type CoreErrorCode } from '../../../../errors.js';
import { defaultImportKdfs } from '../../../kdf-defaults.js';
import type { ImportKdfs, ParsedImport } from '../../../types.js';

/** The number of runs of a property: small by default, large with `SLOW=1`. */
export const runs = (fast: number, slow: number): number => (process.env['SLOW'] ? slow : fast);

/** UTF-8 bytes of `text`. */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** UTF-8 bytes of `value` as JSON. */
export const jsonBytes = (value: unknown): Uint8Array => utf8(JSON.stringify(value));

/** KDFs that fail the test if any derivation is attempted. */
export const forbiddenKdfs: ImportKdfs = {
  scrypt: () => Promise.reject(new Error('scrypt must not run for this file')),
  pbkdf2: () => Promise.reject(new Error('pbkdf2 must not run for this file')),
  argon2id: () => Promise.reject(new Error('argon2id must not run for this file')),
};

/** The default KDFs, counting how often each runs. */
export function countingKdfs(): ImportKdfs & { calls: { scrypt: number; pbkdf2: number; argon2id: number } } {
  const calls = { scrypt: 0, pbkdf2: 0, argon2id: 0 };
  return {
    calls,
    scrypt: (...args) => ((calls.scrypt += 1), defaultImportKdfs.scrypt(...args)),
    pbkdf2: (...args) => ((calls.pbkdf2 += 1), defaultImportKdfs.pbkdf2(...args)),
    argon2id: (...args) => ((calls.argon2id += 1), defaultImportKdfs.argon2id(...args)),
  };
}

/** Awaits `promise` and returns the {@link CoreError} it rejected with, failing on anything else. */
export async function coreErrorOf(promise: Promise<unknown>): Promise<CoreError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('expected a CoreError, but the import succeeded');
}

/** Asserts that `promise` rejects with a {@link CoreError} of `code` (and, if given, a message matching `message`). */
export async function expectCode(promise: Promise<unknown>, code: CoreErrorCode, message?: RegExp): Promise<void> {
  const error = await coreErrorOf(promise);
  expect(error.code).toBe(code);
  if (message !== undefined) expect(error.message).toMatch(message);
}

/** Runs `run` and accepts only a result or a CoreError whose code is in `codes`. */
export async function expectTypedOutcome(run: () => Promise<ParsedImport>, codes: readonly CoreErrorCode[]): Promise<void> {
  try {
    const parsed = await run();
    for (const entry of parsed.entries) {
      if (!entry.ok) expect(typeof entry.reason).toBe('string');
    }
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    expect(codes).toContain(error.code);
  }
}

/** Arbitrary JSON values, including hostile keys (`__proto__`, `constructor`) and deep nesting. */
export const arbHostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'entries', 'db', 'version'), fc.jsonValue()),
  // Deeper nesting is tested on raw text: JSON.stringify itself recurses.
  fc.integer({ min: 1, max: 2_000 }).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown),
);
