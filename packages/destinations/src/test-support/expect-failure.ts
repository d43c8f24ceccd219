/**
 * Assertions shared by the remote destinations' fault tests.
 *
 * @module
 */
import { inspect } from 'node:util';
import { isCoreError, type Destination } from '@tessera/core';
import { expect } from 'vitest';

/** The error a call rejects with (fails the test if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected a rejection');
}

/**
 * Every operation of `destination` fails with `code`, and when `secret` is given, no message,
 * cause chain (inspected deeply) or description shows it.
 */
export async function expectEveryOperation(destination: Destination, code: string, secret?: string): Promise<void> {
  const calls = [
    () => destination.list(''),
    () => destination.read('tessera/keyring.age'),
    () => destination.create('tessera/devices/x/1.age', new Uint8Array([1])),
    () => destination.remove('tessera/devices/x/1.age'),
  ];
  for (const call of calls) {
    const error = await failure(call());
    expect(isCoreError(error) ? error.code : error).toBe(code);
    if (secret !== undefined) expect(inspect(error, { depth: 8 })).not.toContain(secret);
  }
  if (secret !== undefined) expect(destination.description).not.toContain(secret);
}
