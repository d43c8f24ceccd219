/**
 * Writes Aegis vault files from the format's description (formats.md §4, Aegis `docs/vault.md`)
 * with Node's own crypto (OpenSSL), so the fixtures do not share code with the importer under
 * test. Low scrypt costs by default keep tests fast.
 *
 * @module
 */
import { createCipheriv, randomBytes, scryptSync } from 'node:crypto';
import type { SharedAccount } from '../../internal/test-support/accounts.js';

/** One password slot to write. */
export interface SlotSpec {
  readonly password: string;
  readonly n?: number;
  readonly r?: number;
  readonly p?: number;
}

/** An Aegis db entry (v3 layout) for one shared account. */
export function aegisEntry(account: SharedAccount, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { otp } = account;
  const info =
    otp.type === 'steam'
      ? { secret: otp.secret, algo: 'SHA1', digits: 5, period: otp.period }
      : otp.type === 'hotp'
        ? { secret: otp.secret, algo: otp.algorithm, digits: otp.digits, counter: otp.counter }
        : { secret: otp.secret, algo: otp.algorithm, digits: otp.digits, period: otp.period };
  return {
    type: otp.type,
    uuid: randomBytes(16).toString('hex'),
    name: account.label,
    issuer: account.issuer,
    note: '',
    favorite: false,
    icon: null,
    info,
    groups: [],
    ...extra,
  };
}

/** A v3 database. */
export function aegisDb(entries: readonly unknown[], groups: readonly { uuid: string; name: string }[] = [], version = 3): Record<string, unknown> {
  return { version, entries, groups, icons_optimized: true };
}

/** A plain vault file around `db`. */
export function plainAegisFile(db: unknown): Uint8Array {
  return Buffer.from(JSON.stringify({ version: 1, header: { slots: null, params: null }, db }, null, 4));
}

function seal(key: Buffer, plaintext: Buffer): { ciphertext: Buffer; nonce: Buffer; tag: Buffer } {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, nonce, tag: cipher.getAuthTag() };
}

function passwordSlot(masterKey: Buffer, spec: SlotSpec): Record<string, unknown> {
  const salt = randomBytes(32);
  const { n = 1024, r = 8, p = 1 } = spec;
  const key = scryptSync(Buffer.from(spec.password, 'utf8'), salt, 32, { N: n, r, p, maxmem: 256 * 1024 * 1024 });
  const sealed = seal(key, masterKey);
  return {
    type: 1,
    uuid: '01234567-89ab-4def-8123-456789abcdef',
    key: sealed.ciphertext.toString('hex'),
    key_params: { nonce: sealed.nonce.toString('hex'), tag: sealed.tag.toString('hex') },
    n,
    r,
    p,
    salt: salt.toString('hex'),
    repaired: true,
    is_backup: false,
  };
}

/** An encrypted vault file around `db` with one password slot per spec (plus `extraSlots` as given). */
export function encryptedAegisFile(db: unknown, slots: readonly SlotSpec[], extraSlots: readonly unknown[] = []): Record<string, unknown> {
  const masterKey = randomBytes(32);
  const sealed = seal(masterKey, Buffer.from(JSON.stringify(db)));
  return {
    version: 1,
    header: {
      slots: [...extraSlots, ...slots.map((s) => passwordSlot(masterKey, s))],
      params: { nonce: sealed.nonce.toString('hex'), tag: sealed.tag.toString('hex') },
    },
    db: sealed.ciphertext.toString('base64'),
  };
}

/** `file` as the bytes Aegis writes (JSON, `/` escaped as `\/` like Android's org.json). */
export function fileBytes(file: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(file, null, 4).replaceAll('/', '\\/'));
}
