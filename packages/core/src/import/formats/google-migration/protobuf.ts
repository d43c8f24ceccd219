/**
 * A minimal Protocol Buffers reader (the binary wire format, protobuf.dev "Encoding"): enough
 * for Google Authenticator's migration payload and strict about everything it reads. Varints
 * are read as 64-bit BigInts of at most 10 bytes (a negative int32 is sign-extended to ten),
 * length-delimited fields must fit in what is left, fixed 32/64-bit fields are skipped, and the
 * deprecated group wire types, field number 0 and truncation anywhere fail through the caller's
 * {@link Fail}. Slices share the input buffer, so an absurd length costs nothing before it is
 * refused.
 *
 * @module
 */
import type { Fail } from '../../../internal/json.js';

/** One field of a message, in wire order. Fixed-width fields carry no value: nothing uses them. */
export type ProtobufField =
  | { readonly number: number; readonly wire: 'varint'; readonly value: bigint }
  | { readonly number: number; readonly wire: 'bytes'; readonly value: Uint8Array }
  | { readonly number: number; readonly wire: 'fixed' };

const MAX_VARINT_BYTES = 10;
const MAX_FIELD_NUMBER = 2 ** 29 - 1;

interface Cursor {
  readonly bytes: Uint8Array;
  at: number;
}

function varint(c: Cursor, fail: Fail): bigint {
  let value = 0n;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    if (c.at >= c.bytes.length) return fail('the data ends inside a number.');
    const byte = c.bytes[c.at++] ?? 0;
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) return BigInt.asUintN(64, value);
  }
  return fail('a number is longer than ten bytes.');
}

function skip(c: Cursor, length: number, fail: Fail): void {
  if (length > c.bytes.length - c.at) fail('the data ends inside a field.');
  c.at += length;
}

function field(c: Cursor, fail: Fail): ProtobufField {
  const key = varint(c, fail);
  const number = Number(key >> 3n);
  if (number === 0 || number > MAX_FIELD_NUMBER) fail('a field number is out of range.');
  switch (Number(key & 7n)) {
    case 0:
      return { number, wire: 'varint', value: varint(c, fail) };
    case 1:
      skip(c, 8, fail);
      return { number, wire: 'fixed' };
    case 2: {
      const length = varint(c, fail);
      if (length > BigInt(c.bytes.length - c.at)) fail('the data ends inside a field.');
      const start = c.at;
      c.at += Number(length);
      return { number, wire: 'bytes', value: c.bytes.subarray(start, c.at) };
    }
    case 5:
      skip(c, 4, fail);
      return { number, wire: 'fixed' };
    default:
      return fail('a field has an unsupported wire type.');
  }
}

/**
 * The fields of one message, in wire order (unknown ones included, for the caller to skip).
 *
 * @throws whatever `fail` raises for malformed or truncated data.
 */
export function readMessage(bytes: Uint8Array, fail: Fail): ProtobufField[] {
  const c: Cursor = { bytes, at: 0 };
  const fields: ProtobufField[] = [];
  while (c.at < bytes.length) fields.push(field(c, fail));
  return fields;
}

/** A varint read as a protobuf `int32`: the low 32 bits, signed. */
export function asInt32(value: bigint): number {
  return Number(BigInt.asIntN(32, value));
}

/** A varint read as a protobuf `int64`. */
export function asInt64(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}
