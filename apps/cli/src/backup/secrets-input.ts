/**
 * Asking for the backup passphrase and the recovery key: hidden prompts on a terminal, or
 * `TESSERA_BACKUP_PASSPHRASE` / a recovery-key file for scripts. Neither is ever printed back,
 * logged or put in an error message.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { askHidden, askLine } from '../terminal/prompt.js';

function fromEnv(io: CliIo, key: string): string | undefined {
  const value = io.env[key];
  return value === undefined || value === '' ? undefined : value;
}

/** The backup passphrase for unlocking: env, else one hidden prompt. */
export async function askBackupPassphrase(io: CliIo): Promise<string> {
  const env = fromEnv(io, 'TESSERA_BACKUP_PASSPHRASE');
  if (env !== undefined) return env;
  if (io.stdin.isTTY !== true) {
    throw new CliError('ERR_PASSPHRASE_REQUIRED', 'The backup passphrase is needed: run on a terminal, or set TESSERA_BACKUP_PASSPHRASE.');
  }
  return askHidden(io, 'Backup passphrase: ');
}

/** A new backup passphrase: env, else asked twice (hidden) so a typo cannot lock the person out. */
export async function chooseBackupPassphrase(io: CliIo, envKey = 'TESSERA_BACKUP_PASSPHRASE'): Promise<string> {
  const env = fromEnv(io, envKey);
  if (env !== undefined) return env;
  if (io.stdin.isTTY !== true) {
    throw new CliError('ERR_PASSPHRASE_REQUIRED', `Choosing a backup passphrase needs a terminal, or set ${envKey}.`);
  }
  io.stderr.write('Choose a backup passphrase: it unlocks your backups on a new device. Long and memorable beats short and complex.\n');
  const first = await askHidden(io, 'New backup passphrase: ');
  const second = await askHidden(io, 'Repeat it: ');
  if (first !== second) throw new CliError('ERR_USAGE', 'The two passphrases differ; nothing was changed.');
  return first;
}

/**
 * The recovery key typed back by the person, to prove they wrote it down correctly. Compared after
 * removing spaces and line breaks, ignoring case, which is how it is parsed on restore too.
 */
export async function confirmRecoveryKey(io: CliIo, shown: string): Promise<void> {
  const typed = await askHidden(io, 'Type the recovery key back to confirm you have it: ');
  const squash = (text: string): string => text.replace(/\s+/g, '').toUpperCase();
  if (squash(typed) !== squash(shown)) {
    throw new CliError('ERR_RECOVERY_KEY_NOT_CONFIRMED', 'That is not the recovery key shown; nothing was set up. Run the command again.');
  }
}

/** The recovery key for a restore: from `--recovery-key-file`, a hidden prompt, or a line of piped stdin. */
export async function readRecoveryKey(io: CliIo, file: string | undefined): Promise<string> {
  if (file !== undefined) {
    try {
      return (await readFile(resolve(io.cwd, file), 'utf8')).split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#')).join('');
    } catch (cause) {
      throw new CliError('ERR_FILE_UNREADABLE', `Cannot read the recovery key file ${file}.`, { cause });
    }
  }
  if (io.stdin.isTTY === true) return askHidden(io, 'Recovery key: ');
  return askLine(io, '');
}
