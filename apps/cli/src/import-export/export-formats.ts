/**
 * The CLI side of each export format: turns the vault into the bytes or text to write, using the
 * core's pure exporters and adding what needs Node (PNG and SVG QR codes, native scrypt, age).
 *
 * @module
 */
import {
  createSnapshot,
  encodeSnapshot,
  exportAegisEncrypted,
  exportAegisPlain,
  exportGoogleMigration,
  exportOtpauthList,
  paperBackupEntries,
  type ExportFormat,
  type SkippedAccount,
  type Vault,
} from '@tessera/core';
import type { CliIo } from '../io.js';
import { encryptWithPassphrase } from '../crypto/age-scrypt.js';
import { nodeScryptKdf } from './node-kdfs.js';
import { exportPassphrase } from './passphrase.js';

/** Every format `tessera export` writes. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['otpauth', 'google-qr', 'aegis', 'aegis-encrypted', 'paper', 'tessera'];

/** A rendered export: one text or binary document, or (google-qr) one transfer URI per QR code. */
export type ExportContent =
  | { readonly kind: 'document'; readonly data: string | Uint8Array; readonly skipped: readonly SkippedAccount[] }
  | { readonly kind: 'qr-codes'; readonly uris: readonly string[]; readonly skipped: readonly SkippedAccount[] };

/** The age work factor of `tessera` exports: the age CLI's own default, so `age -d` opens them. */
export const TESSERA_EXPORT_LOG_N = 18;

function int32(random: (n: number) => Uint8Array): number {
  const bytes = random(4);
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getInt32(0);
}

async function tesseraFile(vault: Vault, io: CliIo): Promise<Uint8Array> {
  const passphrase = await exportPassphrase(io, 'the Tessera export');
  const snapshot = createSnapshot(vault, { deviceId: 'export', deviceName: 'tessera export', generation: 0, now: io.now() });
  return encryptWithPassphrase(encodeSnapshot(snapshot), passphrase, TESSERA_EXPORT_LOG_N);
}

/** Renders `vault` in `format`; asks for a passphrase for the encrypted formats. */
export async function renderExport(vault: Vault, format: ExportFormat, io: CliIo): Promise<ExportContent> {
  switch (format) {
    case 'otpauth': {
      const { output, skipped } = exportOtpauthList(vault);
      return { kind: 'document', data: output, skipped };
    }
    case 'google-qr': {
      const { output, skipped } = exportGoogleMigration(vault, { batchId: int32(io.random) });
      return { kind: 'qr-codes', uris: output, skipped };
    }
    case 'aegis': {
      const { output, skipped } = exportAegisPlain(vault);
      return { kind: 'document', data: output, skipped };
    }
    case 'aegis-encrypted': {
      const password = await exportPassphrase(io, 'the Aegis export');
      const { output, skipped } = await exportAegisEncrypted(vault, { password, random: io.random, scrypt: nodeScryptKdf });
      return { kind: 'document', data: output, skipped };
    }
    case 'paper': {
      const { output, skipped } = paperBackupEntries(vault);
      // Loaded on demand: it pulls in the QR encoder, which every other command can do without.
      const { paperBackupHtml } = await import('./paper-html.js');
      return { kind: 'document', data: paperBackupHtml(output, new Date(io.now()).toISOString().slice(0, 10)), skipped };
    }
    case 'tessera':
      return { kind: 'document', data: await tesseraFile(vault, io), skipped: [] };
  }
}
