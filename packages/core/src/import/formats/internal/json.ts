/**
 * Lenient, safe reading of other apps' JSON exports. Unlike Tessera's own documents, foreign
 * exports gain fields with every app version, so unknown members are ignored rather than refused;
 * what is read is read only through own properties (`Object.hasOwn`), so a `__proto__` or
 * `constructor` member is never mistaken for, or merged into, anything. Values are type-checked
 * where they are read, and each failure goes through the caller's {@link Fail} with a path such
 * as `entries[3].info.digits`, never the value.
 *
 * @module
 */
import { decodeUtf8 } from './codec.js';
import type { Fail } from './errors.js';

/** A parsed JSON object. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** UTF-8 bytes parsed as JSON (a BOM is skipped; V8's parser is not recursive, so depth is harmless). */
export function parseJson(bytes: Uint8Array, fail: Fail): unknown {
  const text = decodeUtf8(bytes, 'The file', fail);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return fail('it is not valid JSON.', error);
  }
}

/** True for a JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` as an object, or a failure naming `path`. */
export function asObject(value: unknown, path: string, fail: Fail): JsonObject {
  if (!isObject(value)) fail(`${path} must be an object.`);
  return value;
}

/** `value` as an array, or a failure naming `path`. */
export function asArray(value: unknown, path: string, fail: Fail): readonly unknown[] {
  if (!Array.isArray(value)) fail(`${path} must be an array.`);
  return value;
}

/** The own member `key` of `object`; `undefined` when absent. */
export function member(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Own string member; `undefined` when absent or `null`. */
export function optionalString(object: JsonObject, key: string, path: string, fail: Fail): string | undefined {
  const value = member(object, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(`${path}.${key} must be a string.`);
  return value;
}

/** Own string member that must be present. */
export function requiredString(object: JsonObject, key: string, path: string, fail: Fail): string {
  const value = optionalString(object, key, path, fail);
  if (value === undefined) fail(`${path}.${key} is missing.`);
  return value;
}

/** Own integer member within `[min, max]`; `undefined` when absent or `null`. */
export function optionalInteger(object: JsonObject, key: string, path: string, fail: Fail, min: number, max: number): number | undefined {
  const value = member(object, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(`${path}.${key} must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

/** Own integer member within `[min, max]` that must be present. */
export function requiredInteger(object: JsonObject, key: string, path: string, fail: Fail, min: number, max: number): number {
  const value = optionalInteger(object, key, path, fail, min, max);
  if (value === undefined) fail(`${path}.${key} is missing.`);
  return value;
}

/** Own boolean member; `undefined` when absent or `null`. */
export function optionalBoolean(object: JsonObject, key: string, path: string, fail: Fail): boolean | undefined {
  const value = member(object, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail(`${path}.${key} must be true or false.`);
  return value;
}
