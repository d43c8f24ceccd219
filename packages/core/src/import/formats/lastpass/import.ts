/**
 * The LastPass Authenticator JSON export (formats.md §6.8): `{"version":3,"accounts":[…],
 * "folders":[…]}`, each account TOTP only, with a base32 `secret`, `timeStep`, `digits` and
 * `algorithm`. Names are the ones the person sees (`issuerName`, `userName`), falling back to
 * the scanned originals; `isFavorite` becomes favourite and the folder a group.
 *
 * The spec says little about order. The reading taken here: LastPass lists accounts folder by
 * folder, in the order of `folders`, each folder by `folderData.position`; accounts without
 * folder data keep their file order after those. Entries are numbered by their place in the file.
 *
 * @module
 */
import { entryName, readEntry, type AccountDraft } from '../../internal/entries.js';
import { invalidEntry, invalidFile } from '../../internal/fail.js';
import { isJsonObject, parseImportJson, readObject, type JsonFields } from '../../internal/json.js';
import { checkEntryCount } from '../../internal/limits.js';
import type { FailedEntry, Importer, ParsedEntry, ParsedImport } from '../../types.js';

const TITLE = 'LastPass Authenticator export';
const fail = invalidFile(TITLE);

interface Folder {
  readonly name: string;
  readonly rank: number;
}

function foldersOf(top: JsonFields): Map<string, Folder> {
  const folders = new Map<string, Folder>();
  (top.optionalArray('folders') ?? []).forEach((value, i) => {
    const folder = readObject(value, `folders[${i}]`, fail);
    const id = folder.raw('id');
    if (typeof id !== 'number' && typeof id !== 'string') folder.fail('id', 'must be a number or text.');
    folders.set(String(id), { name: folder.optionalString('name') ?? '', rank: i });
  });
  return folders;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function draftOf(account: JsonFields, folder: Folder | undefined): AccountDraft {
  return {
    issuer: nonEmpty(account.optionalString('issuerName')) ?? account.optionalString('originalIssuerName') ?? '',
    label: nonEmpty(account.optionalString('userName')) ?? account.optionalString('originalUserName') ?? '',
    otp: {
      type: 'totp',
      secret: account.string('secret'),
      algorithm: account.optionalString('algorithm'),
      digits: account.optionalInteger('digits'),
      period: account.optionalInteger('timeStep'),
    },
    favourite: account.optionalBoolean('isFavorite') ?? false,
    ...(folder === undefined || folder.name === '' ? {} : { groups: [folder.name] }),
  };
}

/** Where an account sorts: its folder's rank and its position there (file order without them). */
function placeOf(value: unknown, folders: ReadonlyMap<string, Folder>): { folder?: Folder; rank: number; position: number } {
  const data = isJsonObject(value) && isJsonObject(value['folderData']) ? value['folderData'] : undefined;
  const id = data?.['folderId'];
  const folder = typeof id === 'number' || typeof id === 'string' ? folders.get(String(id)) : undefined;
  const position = data?.['position'];
  if (folder === undefined) return { rank: Number.MAX_SAFE_INTEGER, position: 0 };
  return { folder, rank: folder.rank, position: typeof position === 'number' && Number.isFinite(position) ? position : 0 };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? nonEmpty(value) : undefined;
}

function nameOf(value: unknown, fallback: string): string {
  if (!isJsonObject(value)) return fallback;
  const issuer = text(value['issuerName']) ?? value['originalIssuerName'];
  return entryName(issuer, text(value['userName']) ?? value['originalUserName'], fallback);
}

/**
 * Reads a LastPass Authenticator JSON export.
 *
 * @throws {CoreError} `ERR_IMPORT_INVALID` when the file is not one.
 */
export function parseLastPass(bytes: Uint8Array): ParsedImport {
  const top = readObject(parseImportJson(bytes, fail), 'the export', fail);
  const folders = foldersOf(top);
  const warnings: string[] = [];
  const accounts = top.array('accounts');
  checkEntryCount(accounts.length, fail);
  const placed = accounts.map((value, i) => ({ value, i, ...placeOf(value, folders) }));
  placed.sort((a, b) => a.rank - b.rank || a.position - b.position || a.i - b.i);
  const entries = placed.map(({ value, i, folder }): ParsedEntry | FailedEntry =>
    readEntry(i + 1, nameOf(value, `account ${i + 1}`), () => draftOf(readObject(value, `accounts[${i}]`, invalidEntry), folder), warnings),
  );
  return { format: 'lastpass', entries, warnings };
}

/** LastPass Authenticator's JSON export. */
export const lastPassImporter: Importer = {
  format: 'lastpass',
  title: TITLE,
  parse: (input) => parseLastPass(input.bytes),
};
