/**
 * `vault.json`: the small, non-secret description of a vault folder — format version, vault
 * id, creation time, where the device key lives, and a fingerprint of the machine that created
 * it (for clone detection). It never holds key material or account data. Written atomically.
 *
 * @module
 */
import { join } from 'node:path';
import { CliError } from '../errors.js';
import { readFileIfExists, writeFileAtomic, type AtomicWriteFs } from './atomic-write.js';

/** Name of the metadata file inside the vault folder. */
export const METADATA_FILE = 'vault.json';

/** Value of the `format` field, so a stray `vault.json` from another program is not mistaken for ours. */
export const METADATA_FORMAT = 'tessera-local-vault';

/** Where the device key is kept: OS keychain, a 0600 file, or a passphrase-encrypted age file. */
export type KeyStorage = 'keychain' | 'file' | 'passphrase';

const KEY_STORAGES: readonly KeyStorage[] = ['keychain', 'file', 'passphrase'];
const VAULT_ID = /^[A-Za-z0-9-]{1,64}$/;
const MACHINE_ID = /^[0-9a-f]{64}$/;

/** The content of `vault.json`, version 1. */
export interface VaultMetadata {
  readonly format: typeof METADATA_FORMAT;
  readonly version: 1;
  /** Same as the encrypted vault's `vaultId`. */
  readonly vaultId: string;
  /** ISO 8601 time the vault folder was created. */
  readonly createdAt: string;
  readonly keyStorage: KeyStorage;
  /** HMAC-SHA256 fingerprint of the creating machine's id (see `machine-id.ts`), hex. */
  readonly machineId: string;
  /**
   * Present (`true`) only while the vault is being created: written before `vault.age`, removed
   * after it. Lets a missing `vault.age` be told apart: an unfinished creation may be redone,
   * a finished vault whose `vault.age` has gone is an error, never a reason to make a new key.
   */
  readonly creating?: true;
  /**
   * Places that may still hold an old copy of the device key, after the key moved (app lock set
   * or removed) and before the old copy was deleted. Written before the deletion and removed
   * after it, so a failed or interrupted deletion is retried by the next command. Never empty.
   */
  readonly staleKeyCopies?: readonly KeyStorage[];
}

/**
 * Serialises metadata as indented JSON.
 *
 * @example
 * ```ts
 * encodeMetadata({ format: METADATA_FORMAT, version: 1, vaultId, createdAt, keyStorage: 'file', machineId });
 * ```
 */
export function encodeMetadata(meta: VaultMetadata): Uint8Array {
  return Buffer.from(`${JSON.stringify(meta, null, 2)}\n`, 'utf8');
}

/**
 * Parses and validates `vault.json`; anything else is `ERR_VAULT_METADATA_INVALID`.
 *
 * @example
 * ```ts
 * const meta = decodeMetadata(await readFile('vault.json'));
 * meta.keyStorage; // 'file'
 * ```
 */
export function decodeMetadata(bytes: Uint8Array): VaultMetadata {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (cause) {
    throw invalid('vault.json is not valid JSON', cause);
  }
  if (typeof value !== 'object' || value === null) throw invalid('vault.json is not an object');
  const meta = value as Record<string, unknown>;
  if (meta['format'] !== METADATA_FORMAT) throw invalid('vault.json is not a Tessera vault description');
  if (meta['version'] !== 1) throw invalid(`vault.json version ${String(meta['version'])} is not supported by this tessera`);
  const { vaultId, createdAt, keyStorage, machineId } = meta;
  if (typeof vaultId !== 'string' || !VAULT_ID.test(vaultId)) throw invalid('vault.json has an invalid vaultId');
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) throw invalid('vault.json has an invalid createdAt');
  if (!KEY_STORAGES.includes(keyStorage as KeyStorage)) throw invalid('vault.json has an invalid keyStorage');
  if (typeof machineId !== 'string' || !MACHINE_ID.test(machineId)) throw invalid('vault.json has an invalid machineId');
  if (meta['creating'] !== undefined && meta['creating'] !== true) throw invalid('vault.json has an invalid creating flag');
  const stale = decodeStaleKeyCopies(meta['staleKeyCopies']);
  const decoded: VaultMetadata = { format: METADATA_FORMAT, version: 1, vaultId, createdAt, keyStorage: keyStorage as KeyStorage, machineId };
  return { ...decoded, ...(meta['creating'] === true ? { creating: true } : {}), ...(stale === undefined ? {} : { staleKeyCopies: stale }) };
}

function decodeStaleKeyCopies(value: unknown): readonly KeyStorage[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || !value.every((item) => KEY_STORAGES.includes(item as KeyStorage))) {
    throw invalid('vault.json has an invalid staleKeyCopies list');
  }
  return value as KeyStorage[];
}

/**
 * `meta` without its transient marks (`creating`, `staleKeyCopies`): what `vault.json` says
 * once the steps that set them have finished.
 *
 * @example
 * ```ts
 * await writeMetadata(dir, settledMetadata(meta)); // creation finished
 * ```
 */
export function settledMetadata(meta: VaultMetadata): VaultMetadata {
  const { format, version, vaultId, createdAt, keyStorage, machineId } = meta;
  return { format, version, vaultId, createdAt, keyStorage, machineId };
}

/**
 * The folder's metadata, or `undefined` when it has no `vault.json`.
 *
 * @example
 * ```ts
 * const meta = await readMetadata('/home/ada/.local/share/tessera');
 * ```
 */
export async function readMetadata(dir: string): Promise<VaultMetadata | undefined> {
  const bytes = await readFileIfExists(join(dir, METADATA_FILE));
  return bytes === undefined ? undefined : decodeMetadata(bytes);
}

/**
 * Replaces the folder's `vault.json` atomically (mode 0600).
 *
 * @example
 * ```ts
 * await writeMetadata(dir, { ...meta, keyStorage: 'passphrase' });
 * ```
 */
export async function writeMetadata(dir: string, meta: VaultMetadata, fs?: AtomicWriteFs): Promise<void> {
  await writeFileAtomic(join(dir, METADATA_FILE), encodeMetadata(meta), fs === undefined ? {} : { fs });
}

function invalid(message: string, cause?: unknown): CliError {
  return new CliError('ERR_VAULT_METADATA_INVALID', message, cause === undefined ? undefined : { cause });
}
