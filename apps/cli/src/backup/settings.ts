/**
 * This device's backup settings, in `backup.age` beside the vault, encrypted to the device key
 * like the vault itself: where backups go, the credentials for it, and the backup keyring (the
 * identities, so this device can verify what it publishes and run the restore drill without
 * asking for the passphrase). Never written in the clear; never part of a backup.
 *
 * @module
 */
import { join } from 'node:path';
import { CliError } from '../errors.js';
import { readFileIfExists, writeFileAtomic } from '../store/atomic-write.js';

/** File name of the encrypted backup settings inside the vault folder. */
export const BACKUP_SETTINGS_FILE = 'backup.age';

/** Default number of generations kept per device. */
export const DEFAULT_KEEP = 10;

/** Credentials for the destination; which fields apply depends on its kind. */
export interface DestinationCredentials {
  readonly username?: string;
  readonly password?: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly sessionToken?: string;
}

/** The decrypted backup settings. */
export interface BackupSettings {
  readonly version: 1;
  /** Destination URL without credentials. */
  readonly destination: string;
  readonly credentials: DestinationCredentials;
  /** The keyring as an age identity file: current identity first, rotated ones after. */
  readonly keyring: string;
  /** Recipient new generations are encrypted to (the current identity's). */
  readonly recipient: string;
  readonly keep: number;
  /** Back up automatically after every change. */
  readonly auto: boolean;
  readonly deviceName: string;
}

/** Encrypts to and decrypts with this device's key (implemented by the vault store). */
export interface DeviceSealer {
  seal(plaintext: Uint8Array): Promise<Uint8Array>;
  open(ciphertext: Uint8Array): Promise<Uint8Array>;
}

const CREDENTIAL_KEYS = ['username', 'password', 'accessKeyId', 'secretAccessKey', 'sessionToken'] as const;

function invalid(message: string): CliError {
  return new CliError('ERR_BACKUP_SETTINGS_INVALID', `${BACKUP_SETTINGS_FILE} is damaged: ${message}. Run \`tessera backup setup\` again.`);
}

function parseCredentials(value: unknown): DestinationCredentials {
  if (typeof value !== 'object' || value === null) throw invalid('bad credentials');
  const credentials: Record<string, string> = {};
  for (const key of CREDENTIAL_KEYS) {
    const field = (value as Record<string, unknown>)[key];
    if (typeof field === 'string') credentials[key] = field;
  }
  return credentials;
}

/** Validates decrypted settings text. */
export function parseSettings(text: string): BackupSettings {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('not JSON');
  }
  if (typeof value !== 'object' || value === null) throw invalid('not an object');
  const r = value as Record<string, unknown>;
  const strings = ['destination', 'keyring', 'recipient', 'deviceName'] as const;
  for (const key of strings) if (typeof r[key] !== 'string' || r[key] === '') throw invalid(`missing ${key}`);
  if (r['version'] !== 1) throw invalid('unknown version');
  if (typeof r['keep'] !== 'number' || !Number.isSafeInteger(r['keep']) || r['keep'] < 1) throw invalid('bad keep');
  if (typeof r['auto'] !== 'boolean') throw invalid('bad auto');
  return {
    version: 1,
    destination: r['destination'] as string,
    credentials: parseCredentials(r['credentials']),
    keyring: r['keyring'] as string,
    recipient: r['recipient'] as string,
    keep: r['keep'],
    auto: r['auto'],
    deviceName: r['deviceName'] as string,
  };
}

/** Reads and decrypts the settings, or `undefined` when backups were never set up here. */
export async function readBackupSettings(dir: string, sealer: DeviceSealer): Promise<BackupSettings | undefined> {
  const file = await readFileIfExists(join(dir, BACKUP_SETTINGS_FILE));
  if (file === undefined) return undefined;
  return parseSettings(new TextDecoder().decode(await sealer.open(file)));
}

/** Encrypts and writes the settings atomically. */
export async function writeBackupSettings(dir: string, sealer: DeviceSealer, settings: BackupSettings): Promise<void> {
  const sealed = await sealer.seal(new TextEncoder().encode(JSON.stringify(settings)));
  await writeFileAtomic(join(dir, BACKUP_SETTINGS_FILE), sealed, { mode: 0o600 });
}
