/**
 * Proton Authenticator entries (proton-pass-common `entry/exporter.rs`) mapped to imported
 * accounts, in the export's order. A `Totp` entry is an `otpauth://` URI; a `Steam` entry is
 * `steam://SECRET`, whose secret Proton writes in base32 or (older versions) base64 — base32 is
 * tried first, as Proton does — with the entry's `name` as account name. Notes come across.
 * Proton has no HOTP, groups or icons.
 *
 * @module
 */
import { decodeBase32, encodeBase32 } from '../../../encoding/base32.js';
import { CoreError } from '../../../errors.js';
import type { Fail } from '../../../internal/json.js';
import { decodeBase64 } from '../../../encoding/base64.js';
import { entryName, readEntry, type AccountDraft } from '../../internal/entries.js';
import { invalidEntry } from '../../internal/fail.js';
import { isJsonObject, readArray, readObject, type JsonFields } from '../../internal/json.js';
import { readTotpValue } from '../../internal/totp-value.js';
import type { FailedEntry, ParsedEntry } from '../../types.js';

const STEAM_URI = /^steam:\/\//i;

/** The Steam secret as base32, whichever encoding Proton wrote it in. */
function steamSecret(text: string): string {
  try {
    decodeBase32(text);
    return text;
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    const bytes = decodeBase64(text, 'The Steam secret', (message) => {
      throw new CoreError('ERR_SECRET_INVALID', `${message} It is neither base32 nor base64.`);
    });
    return encodeBase32(bytes);
  }
}

function draftOf(entry: JsonFields): AccountDraft {
  const content = entry.object('content');
  const type = content.string('entry_type');
  const uri = content.string('uri').trim();
  const note = entry.optionalString('note');
  const withNote = note === undefined ? {} : { note };
  if (type === 'Steam') {
    if (!STEAM_URI.test(uri)) invalidEntry('A Steam entry must hold a steam:// URI.');
    const secret = steamSecret(uri.slice('steam://'.length));
    return { issuer: 'Steam', label: content.optionalString('name') ?? '', otp: { type: 'steam', secret }, ...withNote };
  }
  if (type !== 'Totp') invalidEntry(`Proton entries of type ${JSON.stringify(type.slice(0, 16))} are not supported (only Totp and Steam).`);
  const value = readTotpValue(uri);
  return { issuer: value.issuer ?? '', label: value.label ?? content.optionalString('name') ?? '', otp: value.otp, ...withNote };
}

function nameOf(raw: unknown, index: number): string {
  const content = isJsonObject(raw) && isJsonObject(raw['content']) ? raw['content'] : {};
  const uri = content['uri'];
  if (content['entry_type'] === 'Totp' && typeof uri === 'string') {
    try {
      const value = readTotpValue(uri);
      return entryName(value.issuer, value.label, `entry ${index}`);
    } catch (error) {
      // The entry itself will fail with this error; the name falls back to what else there is.
      if (!(error instanceof CoreError)) throw error;
    }
  }
  return entryName(content['entry_type'] === 'Steam' ? 'Steam' : undefined, content['name'], `entry ${index}`);
}

/** Every entry of a plain export, in order, and the warnings they raised. */
export function readProtonEntries(value: unknown, fail: Fail): { entries: (ParsedEntry | FailedEntry)[]; warnings: string[] } {
  const file = readObject(value, 'the export', fail);
  const version = file.integer('version');
  if (version !== 1) fail(`export version ${version} is not supported (only 1).`);
  const warnings: string[] = [];
  const entries = readArray(file.raw('entries'), 'entries', fail).map((raw, i) => {
    const index = i + 1;
    return readEntry(index, nameOf(raw, index), () => draftOf(readObject(raw, `entries[${i}]`, invalidEntry)), warnings);
  });
  return { entries, warnings };
}
