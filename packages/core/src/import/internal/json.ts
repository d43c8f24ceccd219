/**
 * JSON from untrusted exports. Parsing is bounded three ways before any value is used: the size
 * cap, a nesting cap checked by a linear scan *before* `JSON.parse` (so a file of a million `[`
 * is refused in one pass instead of exhausting the stack of whatever walks it later), and a walk
 * that refuses the keys `__proto__`, `constructor` and `prototype` anywhere in the document. No
 * authenticator writes those keys; refusing them outright means no code that later copies or
 * merges imported objects can ever be steered into a prototype.
 *
 * {@link JsonFields} then reads the members a format cares about, each typed, each failing
 * through the caller's {@link Fail} with a path such as `items[3].login.totp` and never a value
 * (a value may be a secret). Unknown members are ignored: exports grow fields over time.
 *
 * @module
 */
import type { Fail } from '../../internal/json.js';
import { MAX_JSON_DEPTH } from './limits.js';
import { decodeImportText } from './text.js';

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The index of the `"` closing the string opened at `open`, or -1 when the string never closes. */
function closingQuote(text: string, open: number): number {
  let end = text.indexOf('"', open + 1);
  while (end !== -1) {
    // A quote ends the string unless an odd run of backslashes precedes it: each backslash pair
    // is one escaped backslash. The run cannot reach past `open`, which is a quote.
    let before = end - 1;
    while (text.charCodeAt(before) === 0x5c) before--;
    if ((end - before) % 2 === 1) return end;
    end = text.indexOf('"', end + 1);
  }
  return -1;
}

/**
 * Fails when arrays and objects nest deeper than `maxDepth` (brackets inside strings are text),
 * and tells whether `text` could hold a forbidden key. Strings are skipped with `indexOf` rather
 * than read character by character: most of an export is string content (names, secrets,
 * base64 icons), and jumping over it took this scan of a 5.8 MB Aegis vault from ~24 ms to
 * ~11 ms once warm (Node 20, a busy 2-CPU machine, 11 alternating runs); on a process's first
 * use, the one an import makes, both took ~30 ms (10 processes each). The key test rides on the
 * same pass instead of four more searches of the whole text (~7 ms): JSON can spell a key's letters only as themselves or as `\u` escapes (its
 * one-letter escapes stand for other characters), so a forbidden key is a string of exactly
 * that text, 9 or 11 characters long between its quotes, unless the text holds a `\u` anywhere.
 * A string that is a value and merely reads `prototype` only costs the walk that then finds nothing.
 *
 * Exported for its equivalence test only.
 */
export function scanJson(text: string, maxDepth: number, fail: Fail): { mayHoldForbiddenKey: boolean } {
  let depth = 0;
  let named = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = closingQuote(text, i);
      if (end === -1) break;
      const length = end - i - 1;
      // Spelled out rather than a loop over the names: a callback here cost ~7 ms per 5.8 MB.
      if (!named && (length === 9 ? text.startsWith('__proto__', i + 1) || text.startsWith('prototype', i + 1) : length === 11 && text.startsWith('constructor', i + 1))) {
        named = true;
      }
      i = end;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) fail(`the JSON nests deeper than ${maxDepth} levels.`);
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return { mayHoldForbiddenKey: named || text.includes('\\u') };
}

/** Fails on a forbidden key anywhere below `value`; recursion is bounded by the depth check. */
function checkKeys(value: unknown, fail: Fail): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) checkKeys(item, fail);
    return;
  }
  for (const key in value) {
    if (FORBIDDEN_KEYS.has(key)) fail(`the JSON has a member named ${JSON.stringify(key)}.`);
    checkKeys((value as Record<string, unknown>)[key], fail);
  }
}

/**
 * Parses JSON text with the nesting cap and the forbidden-key walk.
 *
 * @throws whatever `fail` raises, for invalid JSON, too deep nesting or a forbidden key.
 */
export function parseImportJsonText(text: string, fail: Fail, maxDepth: number = MAX_JSON_DEPTH): unknown {
  const { mayHoldForbiddenKey } = scanJson(text, maxDepth, fail);
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    return fail('the file is not valid JSON.', error);
  }
  if (mayHoldForbiddenKey) checkKeys(value, fail);
  return value;
}

/** A document already parsed (and checked) from these very bytes, handed over once. */
let handedOver: { readonly bytes: Uint8Array; readonly value: unknown } | undefined;

/**
 * Runs `read` with `value`, already parsed from `bytes` by {@link parseImportJsonText} at the
 * default depth cap, standing in for the first {@link parseImportJson} of those bytes. Detection
 * parses a JSON export to recognise it; without this the importer would decode and parse
 * megabytes a second time. The hand-over lasts only for `read`'s synchronous part and is used
 * once, so nothing else ever sees the value.
 */
export function withParsedJson<T>(bytes: Uint8Array, value: unknown, read: () => T): T {
  handedOver = { bytes, value };
  try {
    return read();
  } finally {
    handedOver = undefined;
  }
}

/**
 * Parses an export's bytes as JSON: size cap, strict UTF-8 (BOM dropped), then
 * {@link parseImportJsonText}.
 *
 * @throws {CoreError} `ERR_IMPORT_TOO_LARGE` above the size cap; otherwise whatever `fail` raises.
 */
export function parseImportJson(bytes: Uint8Array, fail: Fail, maxDepth: number = MAX_JSON_DEPTH): unknown {
  const parsed = handedOver;
  if (parsed?.bytes === bytes && maxDepth >= MAX_JSON_DEPTH) {
    handedOver = undefined;
    return parsed.value;
  }
  return parseImportJsonText(decodeImportText(bytes, fail), fail, maxDepth);
}

/** Inclusive bounds of an integer field. */
export interface IntegerRange {
  readonly min?: number;
  readonly max?: number;
}

/** True when `value` is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Typed reads of one JSON object of an export. "Optional" readers treat an absent member and
 * `null` alike (exports write both for "no value"); every other mismatch fails.
 */
export class JsonFields {
  /** Where this object is, e.g. `items[3].login`. */
  readonly path: string;
  readonly #value: Readonly<Record<string, unknown>>;
  readonly #fail: Fail;

  constructor(value: Readonly<Record<string, unknown>>, path: string, fail: Fail) {
    this.#value = value;
    this.path = path;
    this.#fail = fail;
  }

  /** The member's value when it is an own property, else `undefined`. */
  raw(key: string): unknown {
    return Object.hasOwn(this.#value, key) ? this.#value[key] : undefined;
  }

  /** True when the member is present and not `null`. */
  has(key: string): boolean {
    const value = this.raw(key);
    return value !== undefined && value !== null;
  }

  /** Fails with a message about member `key`. */
  fail(key: string, problem: string): never {
    return this.#fail(`${this.path}.${key} ${problem}`);
  }

  /** A text member. */
  string(key: string): string {
    const value = this.raw(key);
    return typeof value === 'string' ? value : this.fail(key, 'must be text.');
  }

  /** A text member, or `undefined` when absent or null. */
  optionalString(key: string): string | undefined {
    return this.has(key) ? this.string(key) : undefined;
  }

  /** A safe-integer member within `range`. */
  integer(key: string, range: IntegerRange = {}): number {
    const value = this.raw(key);
    const min = range.min ?? Number.MIN_SAFE_INTEGER;
    const max = range.max ?? Number.MAX_SAFE_INTEGER;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      return this.fail(key, `must be a whole number from ${min} to ${max}.`);
    }
    return value;
  }

  /** A safe-integer member within `range`, or `undefined` when absent or null. */
  optionalInteger(key: string, range: IntegerRange = {}): number | undefined {
    return this.has(key) ? this.integer(key, range) : undefined;
  }

  /** A boolean member. */
  boolean(key: string): boolean {
    const value = this.raw(key);
    return typeof value === 'boolean' ? value : this.fail(key, 'must be true or false.');
  }

  /** A boolean member, or `undefined` when absent or null. */
  optionalBoolean(key: string): boolean | undefined {
    return this.has(key) ? this.boolean(key) : undefined;
  }

  /** An array member. */
  array(key: string): readonly unknown[] {
    const value = this.raw(key);
    return Array.isArray(value) ? (value as readonly unknown[]) : this.fail(key, 'must be a list.');
  }

  /** An array member, or `undefined` when absent or null. */
  optionalArray(key: string): readonly unknown[] | undefined {
    return this.has(key) ? this.array(key) : undefined;
  }

  /** An object member. */
  object(key: string): JsonFields {
    const value = this.raw(key);
    return isJsonObject(value) ? new JsonFields(value, `${this.path}.${key}`, this.#fail) : this.fail(key, 'must be an object.');
  }

  /** An object member, or `undefined` when absent or null. */
  optionalObject(key: string): JsonFields | undefined {
    return this.has(key) ? this.object(key) : undefined;
  }
}

/** `value` as {@link JsonFields}, failing unless it is a JSON object. */
export function readObject(value: unknown, path: string, fail: Fail): JsonFields {
  return isJsonObject(value) ? new JsonFields(value, path, fail) : fail(`${path} must be an object.`);
}

/** `value` as an array, failing otherwise. */
export function readArray(value: unknown, path: string, fail: Fail): readonly unknown[] {
  return Array.isArray(value) ? (value as readonly unknown[]) : fail(`${path} must be a list.`);
}
