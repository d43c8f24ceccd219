/**
 * Reading the files given to `tessera import`: each bounded in size, then sorted by what it is.
 * QR screenshots (PNG/JPEG) are decoded here and their text pooled, so several screenshots of one
 * Google Authenticator export, in any order, become one import; Tessera's own age-encrypted
 * export is recognised by its header; everything else goes to the core's format detection.
 *
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { CliError } from '../errors.js';

/** The largest file `tessera import` reads (the core's own ceiling for an export). */
export const MAX_IMPORT_FILE_BYTES = 64 * 1024 * 1024;

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];
const AGE_HEADER = 'age-encryption.org/v1\n';

/** One file handed to `tessera import`, sorted by kind. */
export type ImportFileInput =
  | { readonly kind: 'file'; readonly name: string; readonly bytes: Uint8Array }
  | { readonly kind: 'tessera'; readonly name: string; readonly bytes: Uint8Array }
  | { readonly kind: 'qr'; readonly name: string; readonly text: string };

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

/** Whether `bytes` open like an age file (`age-encryption.org/v1`). */
export function isAgeFile(bytes: Uint8Array): boolean {
  return startsWith(bytes, Array.from(AGE_HEADER, (char) => char.charCodeAt(0)));
}

async function readBounded(path: string, shown: string): Promise<Uint8Array> {
  const info = await stat(path).catch((cause: unknown) => {
    throw new CliError('ERR_FILE_UNREADABLE', `Cannot read ${shown}.`, { cause });
  });
  if (!info.isFile()) throw new CliError('ERR_FILE_UNREADABLE', `${shown} is not a file.`);
  if (info.size > MAX_IMPORT_FILE_BYTES) {
    throw new CliError('ERR_INPUT_TOO_LARGE', `${shown} is larger than ${String(MAX_IMPORT_FILE_BYTES / 1024 / 1024)} MiB; no authenticator export is that big.`);
  }
  const bytes = await readFile(path).catch((cause: unknown) => {
    throw new CliError('ERR_FILE_UNREADABLE', `Cannot read ${shown}.`, { cause });
  });
  if (bytes.length > MAX_IMPORT_FILE_BYTES) throw new CliError('ERR_INPUT_TOO_LARGE', `${shown} grew past the size limit while being read.`);
  return new Uint8Array(bytes);
}

/** Reads `file` (relative to `cwd`) and sorts it; QR screenshots are decoded on the way. */
export async function readImportFile(cwd: string, file: string): Promise<ImportFileInput> {
  const bytes = await readBounded(resolve(cwd, file), file);
  const name = basename(file);
  if (startsWith(bytes, PNG_MAGIC) || startsWith(bytes, JPEG_MAGIC)) {
    // Image decoders are loaded only when needed: they would slow every start-up.
    const { decodeQrImage } = await import('../qr/decode-image.js');
    return { kind: 'qr', name, text: decodeQrImage(bytes, file).trim() };
  }
  if (isAgeFile(bytes)) return { kind: 'tessera', name, bytes };
  return { kind: 'file', name, bytes };
}

/**
 * The pooled text of the QR screenshots, as one text input per kind: Google transfer URIs
 * together (so the batches of one export meet), otpauth URIs together.
 */
export function pooledQrInputs(inputs: readonly ImportFileInput[]): { name: string; bytes: Uint8Array }[] {
  const texts = inputs.flatMap((input) => (input.kind === 'qr' ? [input] : []));
  const migration = texts.filter((input) => /^otpauth-migration:/i.test(input.text));
  const others = texts.filter((input) => !/^otpauth-migration:/i.test(input.text));
  return [migration, others]
    .filter((group) => group.length > 0)
    .map((group) => ({
      name: group.length === 1 ? (group[0]?.name ?? 'QR code') : `${String(group.length)} QR codes`,
      bytes: new TextEncoder().encode(group.map((input) => `${input.text}\n`).join('')),
    }));
}
