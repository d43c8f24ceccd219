/**
 * A minimal Protocol Buffers writer: just the wire types the Google Authenticator migration
 * payload uses (varint and length-delimited). Writing it ourselves keeps the core free of a
 * protobuf runtime for one nine-field message.
 *
 * @module
 */

const VARINT = 0;
const LENGTH_DELIMITED = 2;
const UINT64_RANGE = 1n << 64n;

/** Builds one protobuf message field by field, in the order the fields are written. */
export class ProtobufWriter {
  readonly #bytes: number[] = [];

  /**
   * An integer field (int32/int64/enum). Negative values are sign-extended to 64 bits, as
   * protobuf encodes int32 and int64 alike (a negative batch id takes ten bytes).
   */
  varint(field: number, value: number | bigint): this {
    this.#key(field, VARINT);
    this.#varint(BigInt(value));
    return this;
  }

  /** A `bytes` or embedded-message field. */
  bytes(field: number, value: Uint8Array): this {
    this.#key(field, LENGTH_DELIMITED);
    this.#varint(BigInt(value.length));
    for (const byte of value) this.#bytes.push(byte);
    return this;
  }

  /** A `string` field, UTF-8 encoded. */
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** The message written so far. */
  finish(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }

  #key(field: number, wireType: number): void {
    this.#varint(BigInt(field * 8 + wireType));
  }

  #varint(value: bigint): void {
    let rest = value < 0n ? value + UINT64_RANGE : value;
    do {
      const low = Number(rest & 0x7fn);
      rest >>= 7n;
      this.#bytes.push(rest === 0n ? low : low | 0x80);
    } while (rest !== 0n);
  }
}
