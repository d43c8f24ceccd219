/**
 * Steam Desktop Authenticator's `.maFile` (formats.md §2.3): one Steam Guard account, its
 * `shared_secret` in base64 (Steam's own encoding, not base32). The account is named by
 * `account_name` under the issuer "Steam". The `revocation_code` is kept in the note: it is what
 * removes the authenticator from the Steam account when the secret is lost, and the maFile is
 * often the only place it was written down. `uri` is read only when `shared_secret` is absent;
 * SDA-encrypted maFiles are not JSON and are not read.
 *
 * @module
 */
import { encodeBase32 } from '../../../encoding/base32.js';
import { parseOtpauthUri } from '../../../uri/parse.js';
import { decodeBase64 } from '../../../encoding/base64.js';
import { entryName, readEntry, type AccountDraft } from '../../internal/entries.js';
import { invalidEntry, invalidFile } from '../../internal/fail.js';
import { parseImportJson, readObject, type JsonFields } from '../../internal/json.js';
import type { Importer, ParsedImport } from '../../types.js';

const TITLE = 'Steam maFile';
const fail = invalidFile(TITLE);

function secretOf(file: JsonFields): string {
  const shared = file.optionalString('shared_secret');
  if (shared !== undefined) return encodeBase32(decodeBase64(shared, 'shared_secret', invalidEntry));
  return parseOtpauthUri(file.string('uri')).otp.secret;
}

function draftOf(file: JsonFields): AccountDraft {
  const revocation = file.optionalString('revocation_code');
  const uri = file.optionalString('uri');
  const name = file.optionalString('account_name') ?? (uri === undefined ? undefined : parseOtpauthUri(uri).label) ?? '';
  return {
    issuer: 'Steam',
    label: name,
    otp: { type: 'steam', secret: secretOf(file) },
    ...(revocation === undefined || revocation === '' ? {} : { note: `Steam revocation code: ${revocation}` }),
  };
}

/**
 * Reads a Steam maFile: one entry.
 *
 * @throws {CoreError} `ERR_IMPORT_INVALID` when the file is not a maFile (no `shared_secret`
 *   and no `uri`).
 */
export function parseSteamMaFile(bytes: Uint8Array): ParsedImport {
  const file = readObject(parseImportJson(bytes, fail), 'the file', fail);
  if (!file.has('shared_secret') && !file.has('uri')) fail('it has neither shared_secret nor uri.');
  const warnings: string[] = [];
  const entry = readEntry(1, entryName('Steam', file.raw('account_name'), 'Steam account'), () => draftOf(file), warnings);
  return { format: 'steam-mafile', entries: [entry], warnings };
}

/** Steam Desktop Authenticator's unencrypted `.maFile`. */
export const steamMaFileImporter: Importer = {
  format: 'steam-mafile',
  title: TITLE,
  parse: (input) => parseSteamMaFile(input.bytes),
};
