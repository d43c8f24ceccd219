/**
 * Importing Tessera's own export (`tessera export --format tessera`): a standard age file,
 * encrypted to a passphrase, holding a backup snapshot. Its accounts join the import pipeline
 * like any other format's, so duplicates are skipped and every entry is reported.
 *
 * @module
 */
import { CoreError, decodeSnapshot, type Account, type FailedEntry, type ParsedEntry, type ParsedImport, type Snapshot } from '@tessera/core';
import { decryptWithPassphrase } from '../crypto/age-scrypt.js';
import { isCliError } from '../errors.js';
import { accountName } from '../terminal/format.js';

function entryOf(account: Account, index: number, groupNames: ReadonlyMap<string, string>): ParsedEntry | FailedEntry {
  const source = { index: index + 1, name: accountName(account) };
  if (account.kind === 'work') {
    const reason = 'a work account (push sign-in) comes back with `tessera restore`, not with import';
    return { ...source, ok: false, code: 'ERR_IMPORT_ENTRY_INVALID', reason };
  }
  const groups = account.groups.flatMap((id) => {
    const name = groupNames.get(id);
    return name === undefined ? [] : [name];
  });
  const imported = { issuer: account.issuer, label: account.label, otp: account.otp, groups, note: account.note, favourite: account.favourite };
  return { ...source, ok: true, account: account.icon ? { ...imported, icon: account.icon } : imported };
}

/** The accounts of a decoded snapshot as an import, in display order. */
export function snapshotAsImport(snapshot: Snapshot): ParsedImport {
  const groupNames = new Map(snapshot.groups.map((group) => [group.id, group.name]));
  return { format: 'tessera', entries: snapshot.accounts.map((account, index) => entryOf(account, index, groupNames)), warnings: [] };
}

/**
 * Decrypts and decodes a Tessera export. A wrong passphrase is `ERR_IMPORT_PASSWORD_WRONG`, as for
 * every other encrypted format.
 */
export async function importTesseraFile(bytes: Uint8Array, passphrase: string, name: string): Promise<ParsedImport> {
  let plaintext: Uint8Array;
  try {
    plaintext = await decryptWithPassphrase(bytes, passphrase);
  } catch (error) {
    if (isCliError(error, 'ERR_PASSPHRASE_WRONG')) {
      throw new CoreError('ERR_IMPORT_PASSWORD_WRONG', `Wrong password for ${name}; nothing was imported.`, { cause: error });
    }
    throw error;
  }
  return snapshotAsImport(decodeSnapshot(plaintext));
}
