/**
 * Where export and import passwords come from: an environment variable (for scripts), else a
 * hidden prompt on a terminal. Off a terminal with no variable set, the command stops instead
 * of reading a secret from piped input it cannot hide.
 *
 * @module
 */
import { CoreError } from '@tessera/core';
import type { CliIo } from '../io.js';
import { CliError } from '../errors.js';
import { askHidden } from '../terminal/prompt.js';

/** The new password for an encrypted export: `$TESSERA_EXPORT_PASSPHRASE`, else asked twice. */
export async function exportPassphrase(io: CliIo, what: string): Promise<string> {
  const fromEnv = io.env['TESSERA_EXPORT_PASSPHRASE'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (io.stdin.isTTY !== true) {
    throw new CliError('ERR_PASSPHRASE_REQUIRED', `${what} needs a passphrase: run on a terminal or set TESSERA_EXPORT_PASSPHRASE.`);
  }
  const first = await askHidden(io, `Passphrase for ${what}: `);
  if (first === '') throw new CliError('ERR_ABORTED', 'No passphrase given; nothing was exported.');
  const second = await askHidden(io, 'Repeat the passphrase: ');
  if (first !== second) throw new CliError('ERR_ABORTED', 'The two passphrases differ; nothing was exported.');
  return first;
}

/**
 * The password of an encrypted import file, asked (hidden) when neither `--password` nor
 * `$TESSERA_IMPORT_PASSWORD` gave one; `ERR_IMPORT_PASSWORD_REQUIRED` off a terminal.
 */
export async function importPassword(io: CliIo, file: string): Promise<string> {
  if (io.stdin.isTTY !== true) {
    throw new CoreError('ERR_IMPORT_PASSWORD_REQUIRED', `${file} is encrypted: give --password, set TESSERA_IMPORT_PASSWORD, or run on a terminal to be asked.`);
  }
  return askHidden(io, `Password of ${file}: `);
}
