/**
 * An encrypted Aegis vault file (formats.md §4.1–4.2): the db is sealed with AES-256-GCM under a
 * random master key, and one password slot holds that key sealed under scrypt(password) with
 * Aegis's own parameters (N = 2^15, r = 8, p = 1), so Aegis opens it with the password alone.
 *
 * @module
 */
import { GCM_TAG_BYTES, sealAesGcm } from '../internal/cipher.js';
import { defaultImportKdfs } from '../import/kdf-defaults.js';
import type { ImportKdfs } from '../import/types.js';
import { uuidV4 } from '../internal/uuid.js';
import type { Vault } from '../vault/types.js';
import { aegisDb } from './aegis.js';
import { encodeBase64 } from '../encoding/base64.js';
import type { ExportResult } from './types.js';

/** Aegis stores the GCM tag apart from the ciphertext. */
function split(sealed: Uint8Array): { ciphertext: Uint8Array; tag: Uint8Array } {
  const at = sealed.length - GCM_TAG_BYTES;
  return { ciphertext: sealed.slice(0, at), tag: sealed.slice(at) };
}

/** Options of {@link exportAegisEncrypted}. */
export interface AegisEncryptedOptions {
  /** The password Aegis will ask for; must not be empty. */
  readonly password: string;
  /** Cryptographically secure random bytes (keys, nonces, salt, slot id). */
  readonly random: (length: number) => Uint8Array;
  /** scrypt to use (default: the core's pure-JS one, shared with the importers). Apps pass a native one for speed. */
  readonly scrypt?: ImportKdfs['scrypt'];
}

/** Aegis's password-slot parameters; Aegis writes exactly these. */
export const AEGIS_SCRYPT: { readonly N: 32768; readonly r: 8; readonly p: 1; readonly dkLen: 32 } = { N: 32768, r: 8, p: 1, dkLen: 32 };

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function randomOf(random: (length: number) => Uint8Array, length: number): Uint8Array {
  const bytes = random(length);
  if (bytes.length !== length) throw new RangeError(`exportAegisEncrypted: random(${String(length)}) returned ${String(bytes.length)} bytes.`);
  return bytes;
}

async function passwordSlot(masterKey: Uint8Array, options: AegisEncryptedOptions): Promise<Record<string, unknown>> {
  const salt = randomOf(options.random, 32);
  const slotKey = await (options.scrypt ?? defaultImportKdfs.scrypt)(new TextEncoder().encode(options.password), salt, AEGIS_SCRYPT);
  const nonce = randomOf(options.random, 12);
  const sealed = split(sealAesGcm(slotKey, nonce, masterKey));
  slotKey.fill(0);
  return {
    type: 1,
    uuid: uuidV4(options.random),
    key: hex(sealed.ciphertext),
    key_params: { nonce: hex(nonce), tag: hex(sealed.tag) },
    n: AEGIS_SCRYPT.N,
    r: AEGIS_SCRYPT.r,
    p: AEGIS_SCRYPT.p,
    salt: hex(salt),
    repaired: true,
    is_backup: false,
  };
}

/**
 * The vault as an encrypted Aegis vault file (JSON text) that Aegis imports with `password`.
 *
 * @example
 * ```ts
 * const { output } = await exportAegisEncrypted(vault, { password: 'hunter2 hunter2', random });
 * JSON.parse(output).header.slots[0].type; // 1 (password slot)
 * ```
 * @throws {TypeError} for an empty password.
 */
export async function exportAegisEncrypted(vault: Vault, options: AegisEncryptedOptions): Promise<ExportResult<string>> {
  if (options.password === '') throw new TypeError('exportAegisEncrypted: the password may not be empty.');
  const { output: db, skipped } = aegisDb(vault);
  const masterKey = randomOf(options.random, 32);
  const nonce = randomOf(options.random, 12);
  const sealed = split(sealAesGcm(masterKey, nonce, new TextEncoder().encode(JSON.stringify(db))));
  const slot = await passwordSlot(masterKey, options);
  masterKey.fill(0);
  const file = {
    version: 1,
    header: { slots: [slot], params: { nonce: hex(nonce), tag: hex(sealed.tag) } },
    db: encodeBase64(sealed.ciphertext),
  };
  return { output: `${JSON.stringify(file, null, 2)}\n`, skipped };
}
