/**
 * Bitwarden's unencrypted JSON export (`{"encrypted":false,"folders":[…],"items":[…]}`, from the
 * password manager or the Bitwarden Authenticator app). Only items with a `login.totp` are
 * authenticator accounts; the others are counted in one warning. Items keep their order; a
 * folder becomes a group. Encrypted exports (account-key or password-protected) are refused as
 * unsupported: their key derivation is not specified well enough here to be trusted.
 *
 * @module
 */
import { CoreError } from '../../../errors.js';
import { entryName, readEntry, type AccountDraft } from '../../internal/entries.js';
import { invalidEntry, invalidFile } from '../../internal/fail.js';
import { parseImportJson, readObject, type JsonFields } from '../../internal/json.js';
import { checkEntryCount } from '../../internal/limits.js';
import type { FailedEntry, Importer, ParsedEntry, ParsedImport } from '../../types.js';
import { draftOfLogin, withoutTotpWarning } from './item.js';

const TITLE = 'Bitwarden export';
const fail = invalidFile(TITLE);

function foldersOf(top: JsonFields): Map<string, string> {
  const folders = new Map<string, string>();
  (top.optionalArray('folders') ?? []).forEach((value, i) => {
    const folder = readObject(value, `folders[${i}]`, fail);
    folders.set(folder.string('id'), folder.string('name'));
  });
  return folders;
}

/** The TOTP of `value` when it is an item with a non-empty `login.totp`; nothing otherwise. */
function totpOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, 'login')) return undefined;
  const login = (value as { login: unknown }).login;
  if (typeof login !== 'object' || login === null || !Object.hasOwn(login, 'totp')) return undefined;
  const totp = (login as { totp: unknown }).totp;
  return typeof totp === 'string' && totp.trim() !== '' ? totp : undefined;
}

function readItem(value: unknown, path: string, totp: string, folders: ReadonlyMap<string, string>): AccountDraft {
  const item = readObject(value, path, invalidEntry);
  const login = item.object('login');
  const folderId = item.optionalString('folderId');
  const folder = folderId === undefined ? undefined : folders.get(folderId);
  return draftOfLogin({
    name: item.optionalString('name') ?? '',
    username: login.optionalString('username') ?? '',
    totp,
    notes: item.optionalString('notes') ?? '',
    favourite: item.optionalBoolean('favorite') ?? false,
    ...(folder === undefined ? {} : { folder }),
  });
}

function nameOf(value: unknown, fallback: string): string {
  const item = value as { name?: unknown; login?: { username?: unknown } };
  return entryName(item.name, item.login?.username, fallback);
}

/**
 * Reads a Bitwarden JSON export.
 *
 * @throws {CoreError} `ERR_IMPORT_INVALID` for anything but an unencrypted Bitwarden export.
 */
export function parseBitwardenJson(bytes: Uint8Array): ParsedImport {
  const top = readObject(parseImportJson(bytes, fail), 'the export', fail);
  if (top.optionalBoolean('encrypted') === true) {
    throw new CoreError('ERR_IMPORT_INVALID', 'This Bitwarden export is encrypted; export it again choosing the unencrypted .json format.');
  }
  const folders = foldersOf(top);
  const warnings: string[] = [];
  const entries: (ParsedEntry | FailedEntry)[] = [];
  let withoutTotp = 0;
  const items = top.array('items');
  checkEntryCount(items.length, fail);
  items.forEach((value, i) => {
    const totp = totpOf(value);
    if (totp === undefined) {
      withoutTotp++;
      return;
    }
    const path = `items[${i}]`;
    entries.push(readEntry(i + 1, nameOf(value, `item ${i + 1}`), () => readItem(value, path, totp, folders), warnings));
  });
  return { format: 'bitwarden-json', entries, warnings: [...warnings, ...withoutTotpWarning(withoutTotp)] };
}

/** Bitwarden's unencrypted JSON export. */
export const bitwardenJsonImporter: Importer = {
  format: 'bitwarden-json',
  title: TITLE,
  parse: (input) => parseBitwardenJson(input.bytes),
};
