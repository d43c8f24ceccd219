/**
 * Recognising an export by its content, so `tessera import FILE` needs no `--format`. Each
 * format is told apart by what it must contain — a magic header, the members of its top-level
 * JSON object, a CSV header, the scheme of its URIs — never by the file name alone, which people
 * rename; the name only settles the one format with neither magic nor structure (andOTP's
 * encrypted `.aes`). Images are not handled here: apps decode QR codes and pass the text.
 *
 * @module
 */
import { CoreError } from '../errors.js';
import { isMigrationUri } from './formats/google-migration/uri.js';
import { invalidFile } from './internal/fail.js';
import { isJsonObject, parseImportJsonText } from './internal/json.js';
import { checkImportSize } from './internal/limits.js';
import { meaningfulLines } from './internal/text.js';
import type { ImportFormat } from './types.js';

const STRATUM_MAGIC = ['AUTHENTICATORPRO', 'AuthenticatorPro'];
const OTPAUTH = /^otpauth:\/\//i;

function unknown(): CoreError {
  return new CoreError('ERR_IMPORT_FORMAT_UNKNOWN', 'Tessera does not recognise this file; name its format explicitly.');
}

function hasAll(o: Readonly<Record<string, unknown>>, ...keys: string[]): boolean {
  return keys.every((key) => Object.hasOwn(o, key));
}

/** The format a top-level JSON object belongs to, by the members each format must have. */
function objectFormat(o: Readonly<Record<string, unknown>>): ImportFormat | undefined {
  if (hasAll(o, 'header', 'db')) return 'aegis';
  if (hasAll(o, 'schemaVersion') && (hasAll(o, 'services') || hasAll(o, 'servicesEncrypted'))) return '2fas';
  if (hasAll(o, 'kdfParams', 'encryptedData', 'encryptionNonce')) return 'ente';
  if (hasAll(o, 'Authenticators')) return 'authenticator-pro';
  if (hasAll(o, 'tokens')) return 'freeotp-plus';
  if (hasAll(o, 'entries', 'version') || (hasAll(o, 'salt', 'content', 'version') && !hasAll(o, 'entries'))) return 'proton';
  if (hasAll(o, 'items') || (o['encrypted'] === true && hasAll(o, 'encKeyValidation_DO_NOT_EDIT'))) return 'bitwarden-json';
  if (hasAll(o, 'accounts')) return 'lastpass';
  if (hasAll(o, 'shared_secret') || hasAll(o, 'account_name', 'uri')) return 'steam-mafile';
  return undefined;
}

/** andOTP's plain backup is the only format that is a JSON array (of objects with a secret). */
function arrayFormat(items: readonly unknown[]): ImportFormat | undefined {
  return items.every((item) => isJsonObject(item) && hasAll(item, 'secret', 'type')) ? 'andotp' : undefined;
}

function jsonFormat(value: unknown): ImportFormat | undefined {
  if (Array.isArray(value)) return arrayFormat(value as readonly unknown[]);
  return isJsonObject(value) ? objectFormat(value) : undefined;
}

/** Text exports: URI lists (any line decides, so a stray header line does not hide them) or CSV. */
function textFormat(text: string): ImportFormat | undefined {
  const lines = meaningfulLines(text, invalidFile('file'));
  if (lines.some((l) => OTPAUTH.test(l.text))) return 'otpauth';
  if (lines.some((l) => isMigrationUri(l.text))) return 'google-migration';
  const header = lines[0]?.text.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  return header?.includes('login_totp') === true ? 'bitwarden-csv' : undefined;
}

function binaryFormat(bytes: Uint8Array, name: string | undefined): ImportFormat | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, 16));
  if (STRATUM_MAGIC.includes(head)) return 'authenticator-pro';
  return name !== undefined && /\.aes$/i.test(name) ? 'andotp' : undefined;
}

function textOf(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}

/**
 * The format of an export, from its content (and, for andOTP's encrypted backup only, its name).
 *
 * @example
 * ```ts
 * detectFormat({ bytes: new TextEncoder().encode('otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP') }); // 'otpauth'
 * detectFormat({ bytes: aegisJsonBytes, name: 'aegis-backup.json' }); // 'aegis'
 * ```
 * @throws {CoreError} `ERR_IMPORT_FORMAT_UNKNOWN` when no format matches; `ERR_IMPORT_INVALID`
 *   for JSON that does not parse (or nests too deep, or has `__proto__` keys);
 *   `ERR_IMPORT_TOO_LARGE` above the size cap.
 */
export function detectFormat(input: { readonly bytes: Uint8Array; readonly name?: string }): ImportFormat {
  return detectFormatParsing(input).format;
}

/** What detection found: the format and, for a JSON export, the document it parsed to tell. */
export interface Detected {
  readonly format: ImportFormat;
  readonly json?: { readonly value: unknown };
}

/** {@link detectFormat}, also handing back the parsed JSON so the importer need not parse it again. */
export function detectFormatParsing(input: { readonly bytes: Uint8Array; readonly name?: string }): Detected {
  checkImportSize(input.bytes);
  const binary = binaryFormat(input.bytes, input.name);
  if (binary !== undefined) return { format: binary };
  const text = textOf(input.bytes);
  if (text === undefined) throw unknown();
  const start = text.trimStart()[0];
  if (start === '{' || start === '[') {
    const value = parseImportJsonText(text, invalidFile('file'));
    const format = jsonFormat(value);
    if (format === undefined) throw unknown();
    return { format, json: { value } };
  }
  const format = textFormat(text);
  if (format === undefined) throw unknown();
  return { format };
}
