/**
 * Decodes Google Authenticator transfer URIs in tests, independently of the exporter under test
 * (a few lines of protobuf reading, formats.md §3).
 *
 * @module
 */
import { encodeBase32 } from '@tessera/core';

/** One account of a transfer payload, as the protobuf spells it. */
export interface MigrationAccount {
  readonly secret: string;
  readonly name: string;
  readonly issuer: string;
  readonly algorithm: number;
  readonly digits: number;
  readonly type: number;
  readonly counter: number;
}

type Fields = Map<number, (bigint | Uint8Array)[]>;

function readMessage(bytes: Uint8Array): Fields {
  const fields: Fields = new Map();
  let at = 0;
  const varint = (): bigint => {
    let value = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = bytes[at++] ?? 0;
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return BigInt.asIntN(64, value);
    }
  };
  while (at < bytes.length) {
    const key = Number(varint());
    const values = fields.get(key >> 3) ?? [];
    if ((key & 7) === 0) values.push(varint());
    else {
      const length = Number(varint());
      values.push(bytes.slice(at, at + length));
      at += length;
    }
    fields.set(key >> 3, values);
  }
  return fields;
}

const num = (fields: Fields, field: number): number => Number(fields.get(field)?.[0] ?? 0n);
const str = (fields: Fields, field: number): string => new TextDecoder().decode((fields.get(field)?.[0] ?? new Uint8Array()) as Uint8Array);

/** The accounts and batch fields of one `otpauth-migration://offline?data=…` URI. */
export function readMigrationUri(uri: string): { accounts: MigrationAccount[]; batchSize: number; batchIndex: number; batchId: number } {
  const data = decodeURIComponent(uri.replace(/^otpauth-migration:\/\/offline\?data=/, ''));
  const payload = readMessage(new Uint8Array(Buffer.from(data, 'base64')));
  const accounts = (payload.get(1) ?? []).map((bytes) => {
    const entry = readMessage(bytes as Uint8Array);
    const secret = encodeBase32((entry.get(1)?.[0] ?? new Uint8Array()) as Uint8Array);
    return { secret, name: str(entry, 2), issuer: str(entry, 3), algorithm: num(entry, 4), digits: num(entry, 5), type: num(entry, 6), counter: num(entry, 7) };
  });
  return { accounts, batchSize: num(payload, 3), batchIndex: num(payload, 4), batchId: num(payload, 5) };
}
