/**
 * Opening an encrypted Aegis vault (Aegis `docs/vault.md`): each password slot holds the 32-byte
 * master key sealed with AES-256-GCM under scrypt(password, salt, N, r, p); the master key seals
 * the database (base64 ciphertext in `db`, nonce and tag in `header.params`). Every slot's scrypt
 * parameters are bounded before the first derivation, then the password slots are tried in
 * order. No slot opening is `ERR_IMPORT_PASSWORD_WRONG`; a slot that opens but a database that
 * does not is a damaged file.
 *
 * @module
 */
import type { Fail } from '../../../internal/json.js';
import { decodeBase64 } from '../../../encoding/base64.js';
import { readObject, type JsonFields } from '../../internal/json.js';
import type { ImportKdfs } from '../../types.js';
import { GCM_TAG_BYTES, openAesGcm } from '../../../internal/cipher.js';
import { concatBytes, decodeHex } from '../internal/codec.js';
import { wrongPassword } from '../internal/errors.js';
import { checkScrypt, scryptKey, type ScryptParams } from '../internal/kdf.js';

/** What names this format in messages. */
export const AEGIS_NAME = 'Aegis vault';

const PASSWORD_SLOT = 1;
// Aegis writes one password slot and perhaps a backup-password slot; more is not a real vault.
const MAX_PASSWORD_SLOTS = 8;

interface PasswordSlot {
  readonly scrypt: ScryptParams;
  readonly salt: Uint8Array;
  readonly sealedKey: Uint8Array;
  readonly nonce: Uint8Array;
}

/** Nonce and tag of a GCM seal, as Aegis writes them: `{nonce: hex12, tag: hex16}`. */
function sealParams(params: JsonFields, fail: Fail): { nonce: Uint8Array; tag: Uint8Array } {
  return {
    nonce: decodeHex(params.string('nonce'), 12, 12, `${params.path}.nonce`, fail),
    tag: decodeHex(params.string('tag'), GCM_TAG_BYTES, GCM_TAG_BYTES, `${params.path}.tag`, fail),
  };
}

function passwordSlot(slot: JsonFields, fail: Fail): PasswordSlot {
  const scrypt = { N: slot.integer('n'), r: slot.integer('r'), p: slot.integer('p') };
  checkScrypt(scrypt, fail);
  const key = decodeHex(slot.string('key'), 32, 32, `${slot.path}.key`, fail);
  const { nonce, tag } = sealParams(slot.object('key_params'), fail);
  const salt = decodeHex(slot.string('salt'), 1, 1024, `${slot.path}.salt`, fail);
  return { scrypt, salt, nonce, sealedKey: concatBytes(key, tag) };
}

/** The password slots of `header.slots`, validated and bounded, before any key is derived. */
function passwordSlots(header: JsonFields, fail: Fail): PasswordSlot[] {
  const found: PasswordSlot[] = [];
  for (const [i, raw] of header.array('slots').entries()) {
    const slot = readObject(raw, `header.slots[${i}]`, fail);
    if (slot.raw('type') !== PASSWORD_SLOT) continue;
    if (found.length === MAX_PASSWORD_SLOTS) fail(`it has more than ${MAX_PASSWORD_SLOTS} password slots.`);
    found.push(passwordSlot(slot, fail));
  }
  if (found.length === 0) fail('it has no password slot (a vault locked only by biometrics cannot be opened off the device).');
  return found;
}

async function masterKey(slots: readonly PasswordSlot[], password: string, kdfs: ImportKdfs, fail: Fail): Promise<Uint8Array | undefined> {
  for (const slot of slots) {
    const key = await scryptKey(kdfs, password, slot.salt, slot.scrypt, fail);
    const master = openAesGcm(key, slot.nonce, slot.sealedKey);
    if (master?.length === 32) return master;
  }
  return undefined;
}

/**
 * The plaintext database bytes of an encrypted vault.
 *
 * @throws {CoreError} `ERR_IMPORT_PASSWORD_WRONG` when no password slot opens;
 *   `ERR_IMPORT_INVALID` (through `fail`) for malformed or out-of-range header fields.
 */
export async function decryptAegisDb(file: JsonFields, password: string, kdfs: ImportKdfs, fail: Fail): Promise<Uint8Array> {
  const header = file.object('header');
  const slots = passwordSlots(header, fail);
  const { nonce, tag } = sealParams(header.object('params'), fail);
  const ciphertext = decodeBase64(file.string('db'), 'db', fail);
  const master = await masterKey(slots, password, kdfs, fail);
  if (master === undefined) throw wrongPassword(AEGIS_NAME);
  const plaintext = openAesGcm(master, nonce, concatBytes(ciphertext, tag));
  if (plaintext === undefined) fail('the password is right but the vault content does not decrypt (the file is damaged).');
  return plaintext;
}

