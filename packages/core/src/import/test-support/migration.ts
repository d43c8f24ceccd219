/**
 * A tiny Protocol Buffers writer and builders of Google Authenticator migration URIs, written
 * from formats.md §3 for the import tests. Independent of the exporter's writer on purpose: a
 * shared bug could not then hide in both directions.
 *
 * @module
 */

type Field = readonly [number, 'varint', bigint] | readonly [number, 'bytes', Uint8Array] | readonly [number, 'fixed32' | 'fixed64'];

function varint(value: bigint): number[] {
  let rest = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    out.push(rest === 0n ? low : low | 0x80);
  } while (rest !== 0n);
  return out;
}

/** Encodes fields in the order given (`fixed*` write zero bytes of their width). */
export function protobuf(fields: readonly Field[]): Uint8Array {
  const out: number[] = [];
  for (const f of fields) {
    const [number, wire] = f;
    if (wire === 'varint') out.push(...varint(BigInt(number * 8)), ...varint(f[2]));
    if (wire === 'bytes') out.push(...varint(BigInt(number * 8 + 2)), ...varint(BigInt(f[2].length)), ...f[2]);
    if (wire === 'fixed64') out.push(...varint(BigInt(number * 8 + 1)), ...new Array<number>(8).fill(0));
    if (wire === 'fixed32') out.push(...varint(BigInt(number * 8 + 5)), ...new Array<number>(4).fill(0));
  }
  return Uint8Array.from(out);
}

/** One `OtpParameters`, by field value; absent fields are not written (proto3 defaults). */
export interface OtpFields {
  readonly secret: Uint8Array;
  readonly name?: string;
  readonly issuer?: string;
  readonly algorithm?: number;
  readonly digits?: number;
  readonly type?: number;
  readonly counter?: bigint;
  /** Field 8 of newer exports, which readers must skip. */
  readonly uniqueId?: string;
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Encodes one `OtpParameters`. */
export function otpMessage(o: OtpFields): Uint8Array {
  const fields: Field[] = [[1, 'bytes', o.secret]];
  if (o.name !== undefined) fields.push([2, 'bytes', text(o.name)]);
  if (o.issuer !== undefined) fields.push([3, 'bytes', text(o.issuer)]);
  if (o.algorithm !== undefined) fields.push([4, 'varint', BigInt(o.algorithm)]);
  if (o.digits !== undefined) fields.push([5, 'varint', BigInt(o.digits)]);
  if (o.type !== undefined) fields.push([6, 'varint', BigInt(o.type)]);
  if (o.counter !== undefined) fields.push([7, 'varint', o.counter]);
  if (o.uniqueId !== undefined) fields.push([8, 'bytes', text(o.uniqueId)]);
  return protobuf(fields);
}

/** The batch fields of a payload; absent ones are not written. */
export interface BatchFields {
  readonly version?: number;
  readonly size?: number;
  readonly index?: number;
  readonly id?: number;
}

/** Encodes a `MigrationPayload`. */
export function payloadMessage(otps: readonly OtpFields[], batch: BatchFields = { version: 1, size: 1, index: 0, id: 1 }): Uint8Array {
  const fields: Field[] = otps.map((o) => [1, 'bytes', otpMessage(o)] as const);
  if (batch.version !== undefined) fields.push([2, 'varint', BigInt(batch.version)]);
  if (batch.size !== undefined) fields.push([3, 'varint', BigInt(batch.size)]);
  if (batch.index !== undefined) fields.push([4, 'varint', BigInt(batch.index)]);
  if (batch.id !== undefined) fields.push([5, 'varint', BigInt(batch.id)]);
  return protobuf(fields);
}

/** The migration URI of payload bytes: standard padded base64, percent-encoded. */
export function migrationUri(payload: Uint8Array): string {
  return `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(payload).toString('base64'))}`;
}
