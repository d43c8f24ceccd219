/**
 * The Google Authenticator transfer importer: one or more `otpauth-migration://` URIs, one per
 * line (what a QR reader gives for each code of an export; the CLI decodes QR images into this
 * text). Every URI must be readable — a corrupt or truncated code fails the whole import, since
 * its accounts would otherwise vanish without a trace — and the codes are put back together in
 * order, with each missing one reported (see `batches.ts`). Accounts are numbered across the
 * whole export; each one that cannot be imported is a failed entry with its reason.
 *
 * @module
 */
import { entryName, readEntry } from '../../internal/entries.js';
import { invalidFile } from '../../internal/fail.js';
import { checkEntryCount } from '../../internal/limits.js';
import { decodeImportText, meaningfulLines } from '../../internal/text.js';
import type { FailedEntry, Importer, ParsedEntry, ParsedImport } from '../../types.js';
import { draftOf, namesOf } from './account.js';
import { mergeBatches } from './batches.js';
import { decodeMigrationPayload } from './payload.js';
import { migrationData } from './uri.js';

const TITLE = 'Google Authenticator export';

/** Text for naming the entry in the report, even when it is not valid UTF-8 (U+FFFD then). */
function safeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * Reads the text of one or more migration URIs.
 *
 * @example
 * ```ts
 * const parsed = parseGoogleMigration('otpauth-migration://offline?data=CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACjr4JKK%2B%2F%2F%2F%2F%2F8B');
 * parsed.entries[0]; // { ok: true, index: 1, name: 'raspberrypi (pi@raspberrypi)', account: … }
 * ```
 * @throws {CoreError} `ERR_IMPORT_INVALID` when a line is not a readable migration URI or the
 *   batch numbers are impossible; `ERR_IMPORT_TOO_LARGE` above the size cap.
 */
export function parseGoogleMigration(text: string): ParsedImport {
  const scans = meaningfulLines(text, invalidFile(TITLE)).map(({ line, text: uri }) => {
    const fail = invalidFile(`${TITLE} (line ${line})`);
    const raw = migrationData(uri, fail);
    return { payload: decodeMigrationPayload(raw, fail), raw };
  });
  if (scans.length === 0) invalidFile(TITLE)('it holds no otpauth-migration URI.');
  const merged = mergeBatches(scans, invalidFile(TITLE));
  const warnings = [...merged.warnings];
  const otps = merged.payloads.flatMap((p) => p.otps);
  checkEntryCount(otps.length, invalidFile(TITLE));
  const entries = otps.map((otp, i): ParsedEntry | FailedEntry => {
    const names = namesOf(safeText(otp.name), safeText(otp.issuer));
    return readEntry(i + 1, entryName(names.issuer, names.label, `account ${i + 1}`), () => draftOf(otp), warnings);
  });
  return { format: 'google-migration', entries, warnings };
}

/** Google Authenticator "Transfer accounts" exports, as the text of their QR codes. */
export const googleMigrationImporter: Importer = {
  format: 'google-migration',
  title: TITLE,
  parse: (input) => parseGoogleMigration(decodeImportText(input.bytes, invalidFile(TITLE))),
};
