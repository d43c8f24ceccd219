// Encrypted exports of the benchmark's accounts, written here with Node's crypto (and noble's
// Argon2id, which Node 20 lacks) at each app's own KDF cost, and the split of an in-process
// `importFile` of each between key derivation and everything else. The KDFs are wrapped so their
// own time is measured inside the very import that uses them: once with the core's pure-JS
// defaults (what a browser gets) and once with the native ones `tessera import` passes.
import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { Poly1305 } from '@noble/ciphers/_poly1305.js';
import { chacha20, hchacha } from '@noble/ciphers/chacha.js';
import { u32 } from '@noble/ciphers/utils.js';
import { argon2id } from '@noble/hashes/argon2.js';
import { decodeBase32, defaultImportKdfs, exportAegisEncrypted, exportOtpauthList, formatOtpauthUri, importFile, orderedAccounts } from '@tessera/core';
import { TWOFAS_REFERENCE } from '../packages/core/dist/import/formats/twofas/decrypt.js';
import { cliImportKdfs, nodeScryptKdf } from '../apps/cli/dist/import-export/node-kdfs.js';

/** @typedef {import('@tessera/core').Vault} Vault */
/** @typedef {import('@tessera/core').ImportKdfs} ImportKdfs */
/** @typedef {{ name: string, kdf: string, bytes: Uint8Array, entries: number }} EncryptedFile */

const PASSWORD = 'correct horse battery staple';
/** Ente's export cost (formats.md §6.1): libsodium's SENSITIVE limits, 1 GiB × 4 passes. */
export const ENTE_DEFAULT = { memLimit: 1024 ** 3, opsLimit: 4 };
const text = new TextEncoder();

/** @param {Vault} vault */
function accounts(vault) {
  return orderedAccounts(vault).flatMap((account) => ('otp' in account ? [{ issuer: account.issuer, label: account.label, otp: account.otp }] : []));
}

/** @param {Buffer | Uint8Array} key @param {Buffer | Uint8Array} iv @param {Buffer | string} plaintext @param {Buffer} [aad] */
function gcm(key, iv, plaintext, aad) {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad) cipher.setAAD(aad);
  return Buffer.concat([typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** @param {ReturnType<typeof accounts>} list */
function twoFas(list) {
  const services = list.map(({ issuer, label, otp }, position) => ({
    name: issuer,
    secret: otp.secret,
    otp: {
      account: label,
      issuer,
      source: 'Link',
      ...(otp.type === 'steam'
        ? { tokenType: 'STEAM', digits: 5, period: otp.period, algorithm: 'SHA1' }
        : otp.type === 'hotp'
          ? { tokenType: 'HOTP', digits: otp.digits, counter: otp.counter, algorithm: otp.algorithm }
          : { tokenType: 'TOTP', digits: otp.digits, period: otp.period, algorithm: otp.algorithm }),
    },
    order: { position },
  }));
  const salt = randomBytes(256);
  const key = pbkdf2Sync(PASSWORD, salt, 10_000, 32, 'sha256');
  /** @param {string} plaintext */
  const field = (plaintext) => {
    const iv = randomBytes(12);
    return `${gcm(key, iv, plaintext).toString('base64')}:${salt.toString('base64')}:${iv.toString('base64')}`;
  };
  const file = { services: [], groups: [], schemaVersion: 4, servicesEncrypted: field(JSON.stringify(services)), reference: field(TWOFAS_REFERENCE) };
  return Buffer.from(JSON.stringify(file));
}

/** @param {ReturnType<typeof accounts>} list */
function andOtp(list) {
  const entries = list.map(({ issuer, label, otp }) => ({
    secret: `${otp.secret}${'='.repeat((8 - (otp.secret.length % 8)) % 8)}`,
    issuer,
    label,
    tags: [],
    ...(otp.type === 'steam'
      ? { type: 'STEAM', digits: 5, algorithm: 'SHA1', period: otp.period }
      : otp.type === 'hotp'
        ? { type: 'HOTP', digits: otp.digits, algorithm: otp.algorithm, counter: otp.counter }
        : { type: 'TOTP', digits: otp.digits, algorithm: otp.algorithm, period: otp.period }),
  }));
  const iterations = 150_000; // andOTP picks 140,000–160,000 at random
  const salt = randomBytes(12);
  const iv = randomBytes(12);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(iterations);
  return Buffer.concat([count, salt, iv, gcm(pbkdf2Sync(PASSWORD, salt, iterations, 32, 'sha1'), iv, JSON.stringify(entries))]);
}

/** Proton holds TOTP and Steam only; HOTP accounts are left out of its file. @param {ReturnType<typeof accounts>} list */
function proton(list) {
  const entries = list.flatMap(({ issuer, label, otp }) => {
    if (otp.type === 'hotp') return [];
    const uri = otp.type === 'steam' ? `steam://${Buffer.from(decodeBase32(otp.secret)).toString('base64')}` : formatOtpauthUri({ issuer, label, otp });
    return [{ id: randomBytes(16).toString('hex'), content: { uri, entry_type: otp.type === 'steam' ? 'Steam' : 'Totp', name: label }, note: null }];
  });
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const key = argon2id(Buffer.from(PASSWORD), salt, { m: 19 * 1024, t: 2, p: 1, dkLen: 32 });
  const sealed = gcm(key, nonce, JSON.stringify({ version: 1, entries }), Buffer.from('proton.authenticator.export.v1'));
  return { bytes: Buffer.from(JSON.stringify({ version: 1, salt: salt.toString('base64'), content: Buffer.concat([nonce, sealed]).toString('base64') })), entries: entries.length };
}

/** @param {ReturnType<typeof accounts>} list */
function authenticatorPro(list) {
  const algorithms = { SHA1: 0, SHA256: 1, SHA512: 2 };
  const authenticators = list.map(({ issuer, label, otp }, ranking) => {
    const common = { Icon: null, Issuer: issuer, Username: label, Secret: otp.secret, Pin: null, Ranking: ranking, CopyCount: 0 };
    if (otp.type === 'steam') return { Type: 4, ...common, Algorithm: 0, Digits: 5, Period: otp.period, Counter: 0 };
    if (otp.type === 'hotp') return { Type: 1, ...common, Algorithm: algorithms[otp.algorithm], Digits: otp.digits, Period: 0, Counter: otp.counter };
    return { Type: 2, ...common, Algorithm: algorithms[otp.algorithm], Digits: otp.digits, Period: otp.period, Counter: 0 };
  });
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = argon2id(Buffer.from(PASSWORD), salt, { t: 3, m: 64 * 1024, p: 4, dkLen: 32 });
  const document = { Authenticators: authenticators, Categories: [], AuthenticatorCategories: [], CustomIcons: [] };
  return Buffer.concat([Buffer.from('AUTHENTICATORPRO'), salt, iv, gcm(key, iv, JSON.stringify(document))]);
}

/**
 * One libsodium secretstream message (TAG_FINAL), as Ente writes its export. The same code as
 * `secretstreamPush` in packages/core/src/import/formats/ente/test-support/write-ente.ts, which
 * plain JS on the built output cannot import (test support is not built); a drift shows at once,
 * because the bench imports what this writes and requires every entry back.
 *
 * @param {Uint8Array} key
 * @param {Uint8Array} plaintext
 */
function secretstreamPush(key, plaintext) {
  const header = Uint8Array.from(randomBytes(24));
  const subkey = new Uint32Array(8);
  hchacha(u32(text.encode('expand 32-byte k')), u32(Uint8Array.from(key)), u32(header.slice(0, 16)), subkey);
  const k = new Uint8Array(subkey.buffer);
  const nonce = new Uint8Array(12);
  nonce[0] = 1;
  nonce.set(header.subarray(16), 4);
  const mac = new Poly1305(chacha20(k, nonce, new Uint8Array(64), undefined, 0).subarray(0, 32));
  const block = new Uint8Array(64);
  block[0] = 3;
  const tagBlock = chacha20(k, nonce, block, undefined, 1);
  const ciphertext = chacha20(k, nonce, plaintext, undefined, 2);
  const lengths = new Uint8Array(16);
  new DataView(lengths.buffer).setBigUint64(8, BigInt(64 + plaintext.length), true);
  mac.update(tagBlock).update(ciphertext).update(new Uint8Array(plaintext.length % 16)).update(lengths);
  const message = new Uint8Array(1 + ciphertext.length + 16);
  message[0] = tagBlock[0] ?? 0;
  message.set(ciphertext, 1);
  message.set(mac.digest(), 1 + ciphertext.length);
  return { header, message };
}

/**
 * Ente's export (an otpauth list in one secretstream message). Written at a token KDF cost:
 * the file's own cost is what the import pays, and Ente's real one is timed on its own.
 *
 * @param {Vault} vault
 */
function ente(vault) {
  const salt = Uint8Array.from(randomBytes(16));
  const kdf = { memLimit: 10_240, opsLimit: 1 };
  const key = argon2id(text.encode(PASSWORD), salt, { t: kdf.opsLimit, m: kdf.memLimit / 1024, p: 1, dkLen: 32 });
  const { header, message } = secretstreamPush(key, text.encode(exportOtpauthList(vault).output));
  const file = { version: 1, kdfParams: { ...kdf, salt: Buffer.from(salt).toString('base64') }, encryptedData: Buffer.from(message).toString('base64'), encryptionNonce: Buffer.from(header).toString('base64') };
  return Buffer.from(JSON.stringify(file));
}

/**
 * Every encrypted format, each holding the vault's accounts (Proton: its TOTP and Steam ones).
 *
 * @param {Vault} vault
 * @returns {Promise<EncryptedFile[]>}
 */
export async function encryptedFiles(vault) {
  const list = accounts(vault);
  const random = (/** @type {number} */ n) => Uint8Array.from(randomBytes(n));
  const aegis = await exportAegisEncrypted(vault, { password: PASSWORD, random, scrypt: nodeScryptKdf });
  const protonFile = proton(list);
  return [
    { name: 'aegis.json', kdf: 'scrypt N=2^15 r=8 p=1', bytes: Buffer.from(aegis.output), entries: list.length },
    { name: 'backup.2fas', kdf: 'PBKDF2-SHA256 × 10,000', bytes: twoFas(list), entries: list.length },
    { name: 'otp_accounts.json.aes', kdf: 'PBKDF2-SHA1 × 150,000', bytes: andOtp(list), entries: list.length },
    { name: 'proton.json', kdf: 'Argon2id 19 MiB × 2', bytes: protonFile.bytes, entries: protonFile.entries },
    { name: 'backup.authpro', kdf: 'Argon2id 64 MiB × 3, p=4', bytes: authenticatorPro(list), entries: list.length },
    { name: 'ente.txt', kdf: 'Argon2id 10 KiB × 1 (token; default timed alone)', bytes: ente(vault), entries: list.length },
  ];
}

/**
 * One in-process import of `file`, with the time spent inside the KDFs split out.
 *
 * @param {EncryptedFile} file
 * @param {ImportKdfs} kdfs
 */
export async function timedImport(file, kdfs) {
  let kdfMs = 0;
  /** @template {unknown[]} A @param {(...args: A) => Promise<Uint8Array>} derive */
  const timed = (derive) => async (/** @type {A} */ ...args) => {
    const start = performance.now();
    try {
      return await derive(...args);
    } finally {
      kdfMs += performance.now() - start;
    }
  };
  /** @type {ImportKdfs} */
  const wrapped = { scrypt: timed(kdfs.scrypt), pbkdf2: timed(kdfs.pbkdf2), argon2id: timed(kdfs.argon2id) };
  const start = performance.now();
  const parsed = await importFile({ bytes: file.bytes, name: file.name, password: PASSWORD, kdfs: wrapped });
  const totalMs = performance.now() - start;
  const ok = parsed.entries.filter((entry) => entry.ok).length;
  if (ok !== file.entries) throw new Error(`${file.name}: ${ok} of ${file.entries} entries read`);
  return { totalMs, kdfMs, restMs: totalMs - kdfMs };
}

/** Ente's own Argon2id cost, derived alone with the core's KDF. */
export async function enteDefaultKdfMs() {
  const start = performance.now();
  await defaultImportKdfs.argon2id(text.encode(PASSWORD), Uint8Array.from(randomBytes(16)), { t: ENTE_DEFAULT.opsLimit, m: ENTE_DEFAULT.memLimit / 1024, p: 1, dkLen: 32 });
  return performance.now() - start;
}

export { cliImportKdfs, defaultImportKdfs };
