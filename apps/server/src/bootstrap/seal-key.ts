/**
 * The seal key: 32 random bytes in a 0600 file outside the database, read at start. It seals
 * TOTP seeds (security.md S16), so a copy of the database alone reveals no seed. Created on
 * first start with an exclusive create, so two instances starting together cannot each write a
 * different key.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ServerError } from '../errors.js';

const KEY_BYTES = 32;

/** Reads the seal key at `file`, creating it (0600) when it does not exist. */
export function loadOrCreateSealKey(file: string): Uint8Array {
  try {
    return check(readFileSync(file), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    // Another instance created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return check(readFileSync(file), file);
    throw error;
  }
  try {
    writeSync(fd, key.toString('base64') + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return new Uint8Array(key);
}

function check(contents: Buffer, file: string): Uint8Array {
  const key = Buffer.from(contents.toString('utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new ServerError('ERR_CONFIG_INVALID', `seal key file ${file} does not hold a 32-byte base64 key`);
  return new Uint8Array(key);
}
