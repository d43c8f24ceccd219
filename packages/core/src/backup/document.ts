/**
 * The snapshot document, version 1: constants and member lists shared by the encoder and the
 * decoder, written once in the order the encoder emits them.
 *
 * @module
 */
import { MAX_VAULT_BYTES } from '../vault/document.js';

/** The `format` member of every snapshot. */
export const BACKUP_FORMAT = 'tessera.backup';
/** The newest snapshot version this code reads, and the one it writes. */
export const BACKUP_VERSION = 1;
/**
 * Largest snapshot accepted, in bytes: twice the vault's cap. A snapshot is the vault plus a
 * manifest line per account (≈ 70 bytes, less than the smallest account) and a few device
 * fields, so every vault that can be stored can be backed up and read back.
 */
export const MAX_SNAPSHOT_BYTES: number = 2 * MAX_VAULT_BYTES;
/** Longest device name, in code points. */
export const MAX_DEVICE_NAME_LENGTH = 128;

/** Members of the top-level object, in written order. */
export const SNAPSHOT_KEYS: readonly string[] = [
  'format',
  'version',
  'vaultId',
  'deviceId',
  'deviceName',
  'generation',
  'createdAt',
  'accounts',
  'groups',
  'tombstones',
  'manifest',
];
/** Members of the manifest. */
export const MANIFEST_KEYS: readonly string[] = ['count', 'fingerprints'];

// Also the rule for the device directory in a destination (@tessera/backup): lower case only, so two ids can
// never collide on a case-insensitive file system, and never a path separator or `..`.
const DEVICE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const FINGERPRINT = /^[0-9a-f]{64}$/;

/** True for a usable device id: 1–64 of `a-z`, `0-9` and `-`, not starting with `-`. */
export function isDeviceId(value: string): boolean {
  return DEVICE_ID.test(value);
}

/** True for an account fingerprint: 64 lower-case hex digits. */
export function isFingerprint(value: string): boolean {
  return FINGERPRINT.test(value);
}
