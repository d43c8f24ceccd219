/**
 * A small protobuf reader for tests: decodes a message into field number → values (varints as
 * bigint, length-delimited as bytes), independent of the writer under test.
 *
 * @module
 */

/** The fields of one message: varints as signed 64-bit bigints, length-delimited fields as bytes. */
export type Fields = Map<number, (bigint | Uint8Array)[]>;

/** Decodes `bytes` as one protobuf message. */
export function readMessage(bytes: Uint8Array): Fields {
  const fields: Fields = new Map();
  let at = 0;
  const varint = (): bigint => {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[at++];
      if (byte === undefined) throw new Error('truncated varint');
      value |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if ((byte & 0x80) === 0) return BigInt.asIntN(64, value);
    }
  };
  while (at < bytes.length) {
    const key = Number(varint());
    const field = key >> 3;
    const values = fields.get(field) ?? [];
    if ((key & 7) === 0) values.push(varint());
    else if ((key & 7) === 2) {
      const length = Number(varint());
      values.push(bytes.slice(at, at + length));
      at += length;
    } else throw new Error(`unexpected wire type ${String(key & 7)}`);
    fields.set(field, values);
  }
  return fields;
}

/** The decoded payload of an `otpauth-migration://offline?data=…` URI. */
export function migrationPayload(uri: string): Fields {
  const data = decodeURIComponent(uri.replace(/^otpauth-migration:\/\/offline\?data=/, ''));
  return readMessage(new Uint8Array(Buffer.from(data, 'base64')));
}
