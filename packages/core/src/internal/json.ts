/**
 * Strict reading of untrusted JSON documents (vault files, backups, imports). Every check fails
 * through a caller-supplied `fail`, so each format raises its own error code with a path such as
 * `accounts[3].otp.digits` — never a value, which might be a secret. Objects are accepted only
 * when they are plain, carry no unexpected key and have every required key as an own property,
 * so `__proto__` or `constructor` members are refused rather than copied anywhere.
 *
 * @module
 */

/** Raises the caller's error for a failed check; `cause` carries the underlying error. */
export type Fail = (message: string, cause?: unknown) => never;

/** A parsed JSON object whose keys have been checked. */
export type JsonRecord = Readonly<Record<string, unknown>>;

/** The keys an object must and may carry. */
export interface RecordShape {
  readonly required: readonly string[];
  readonly optional?: readonly string[];
}

/**
 * Decodes UTF-8 bytes (fatal on malformed sequences) and parses them as JSON, refusing input
 * longer than `maxBytes` before looking at it.
 */
export function parseJsonBytes(bytes: Uint8Array, maxBytes: number, fail: Fail): unknown {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError('Expected a Uint8Array.');
  }
  if (bytes.length > maxBytes) {
    fail(`The document is larger than ${maxBytes} bytes.`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    return fail('The document is not valid UTF-8.', error);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return fail('The document is not valid JSON.', error);
  }
}

/** Checks that `value` is a plain object with exactly the allowed keys. */
export function expectRecord(value: unknown, path: string, shape: RecordShape, fail: Fail): JsonRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`${path} must be an object.`);
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    fail(`${path} must be a plain object.`);
  }
  // Member lists are a dozen names at most: scanning them beats building a Set per object,
  // which is what a 10,000-account document made the decoder spend its time on.
  for (const key of Object.keys(value)) {
    if (!shape.required.includes(key) && shape.optional?.includes(key) !== true) {
      fail(`${path} has an unknown member ${JSON.stringify(key)}.`);
    }
  }
  for (const key of shape.required) {
    if (!Object.hasOwn(value, key)) {
      fail(`${path}.${key} is missing.`);
    }
  }
  return value as JsonRecord;
}

/** Checks that `value` is an array. */
export function expectArray(value: unknown, path: string, fail: Fail): readonly unknown[] {
  if (!Array.isArray(value)) {
    fail(`${path} must be an array.`);
  }
  return value;
}

/** Checks that `value` is a string. */
export function expectString(value: unknown, path: string, fail: Fail): string {
  if (typeof value !== 'string') {
    fail(`${path} must be a string.`);
  }
  return value;
}

/** Checks that `value` is a boolean. */
export function expectBoolean(value: unknown, path: string, fail: Fail): boolean {
  if (typeof value !== 'boolean') {
    fail(`${path} must be a boolean.`);
  }
  return value;
}

/** Checks that `value` is a safe integer of at least `min`. */
export function expectSafeInteger(value: unknown, path: string, fail: Fail, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    fail(`${path} must be an integer of at least ${min}.`);
  }
  return value;
}
