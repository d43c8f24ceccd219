/**
 * Small helpers shared by the import tests: UTF-8 bytes, asserting that a call fails with a
 * given `CoreError` code, and the property-test sizing of the vault tests.
 *
 * @module
 */
import { expect } from 'vitest';
import { CoreError, type CoreErrorCode } from '../../errors.js';

export { PROPERTY, testContext } from '../../vault/test-support/context.js';

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** The error `run` throws, which must be a `CoreError`. */
export function coreErrorOf(run: () => unknown): CoreError {
  try {
    run();
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('Expected a CoreError, but nothing was thrown.');
}

/** The error the promise rejects with, which must be a `CoreError`. */
export async function rejectionOf(promise: Promise<unknown>): Promise<CoreError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('Expected a CoreError, but the promise resolved.');
}

/** Asserts that `run` throws a `CoreError` with `code`. */
export function expectCode(run: () => unknown, code: CoreErrorCode): void {
  expect(coreErrorOf(run).code).toBe(code);
}

/** Runs `run`; any error other than a `CoreError` whose code is in `codes` fails the test. */
export function onlyCoreErrors(run: () => unknown, codes: readonly CoreErrorCode[]): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    expect(codes).toContain(error.code);
  }
}

/** Async {@link onlyCoreErrors}. */
export async function onlyCoreRejections(run: () => Promise<unknown>, codes: readonly CoreErrorCode[]): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    expect(codes).toContain(error.code);
  }
}
