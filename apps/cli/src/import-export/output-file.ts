/**
 * Writing export files: created new with mode 0600 (they hold secrets), never replacing an
 * existing file unless asked to, and written to a temporary name first so a failed export never
 * leaves half a file behind.
 *
 * @module
 */
import { constants } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { CliError } from '../errors.js';

/** Options of {@link writeExportFile}. */
export interface WriteExportOptions {
  /** Replace an existing file. */
  readonly force: boolean;
}

async function writeExclusive(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(path, { force: true });
    throw error;
  }
  await handle.close();
}

/** Writes `data` to a new file `path` (mode 0600); an existing file is `ERR_USAGE` unless `force`. */
export async function writeExportFile(path: string, data: Uint8Array | string, options: WriteExportOptions): Promise<void> {
  if (!options.force) {
    await writeExclusive(path, data).catch((cause: unknown) => {
      if ((cause as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new CliError('ERR_USAGE', `${path} already exists; choose another --out or add --force to replace it.`, { cause });
      }
      throw new CliError('ERR_FILE_UNREADABLE', `Cannot write ${path}.`, { cause });
    });
    return;
  }
  const temporary = `${path}.tmp-${String(process.pid)}`;
  try {
    await writeExclusive(temporary, data);
    await rename(temporary, path);
  } catch (cause) {
    await rm(temporary, { force: true });
    throw new CliError('ERR_FILE_UNREADABLE', `Cannot write ${path}.`, { cause });
  }
}
