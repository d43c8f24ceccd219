/**
 * Where a work account's private key lives: outside the vault, so it is never in a backup or an
 * export, and bound to this machine, so a copy of the vault folder is worthless elsewhere.
 *
 * The key (a private JWK) is sealed with AES-256-GCM under a key derived from this machine's raw
 * id — HMAC-SHA256(raw machine id, "tessera/v1/work-key" ‖ vault id) — with the vault id and
 * registration id as associated data. The sealed record goes to the OS keychain where there is
 * one (an item per registration), else to `work-keys/<registration id>.json` (0600, folder 0700)
 * in the vault folder. Another machine derives another sealing key, so a cloned folder's record
 * does not open there: it is reported as `foreign`, and the caller discards it and marks the
 * account "needs sign-in". The record also names the machine's fingerprint, so a clone is told
 * apart from a damaged file.
 *
 * @module
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeHmac } from '../crypto/hmac.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import type { Keychain } from '../store/keychain.js';
import { machineFingerprint } from '../store/machine-id.js';
import { importSigningKey, type PrivateJwk, type SigningKey } from './es256.js';

/** The folder (inside the vault folder) of key files when there is no keychain. */
export const WORK_KEYS_DIR = 'work-keys';
const FORMAT = 'tessera-work-key';
const LABEL = 'tessera/v1/work-key';

/** What the store needs: where, which vault, this machine, and the keychain (if any). */
export interface WorkKeyStoreContext {
  readonly dir: string;
  readonly vaultId: string;
  /** This machine's raw id (`TESSERA_MACHINE_ID`, else the OS machine id). */
  readonly rawMachineId: () => Promise<string>;
  readonly keychain: () => Promise<Keychain | null>;
}

/** Where the server is and whom the device tokens are addressed to. */
export interface WorkKeyBinding {
  readonly serverUrl: string;
  /** `tokenAudience` from the registration. */
  readonly audience: string;
}

/** A loaded key: ready to sign, with its binding. */
export interface LoadedWorkKey extends WorkKeyBinding {
  readonly registrationId: string;
  readonly key: SigningKey;
}

/** The outcome of {@link loadWorkKey}. */
export type WorkKeyLookup =
  | { readonly status: 'ok'; readonly key: LoadedWorkKey }
  | { readonly status: 'missing' }
  /** Sealed on another machine (a cloned vault folder), or damaged: unusable here. */
  | { readonly status: 'foreign' };

interface SealedRecord extends WorkKeyBinding {
  readonly format: typeof FORMAT;
  readonly version: 1;
  readonly vaultId: string;
  readonly registrationId: string;
  readonly machine: string;
  readonly iv: string;
  readonly sealed: string;
}

/** Registration ids name files: true for ids that are safe as a file name. */
export function isRegistrationId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(id);
}

/** `id` when it is a {@link isRegistrationId registration id}; a `TypeError` otherwise. */
function checkRegistrationId(id: string): string {
  if (!isRegistrationId(id)) throw new TypeError('A registration id is 1–64 characters of A–Z, a–z, 0–9, _ and -.');
  return id;
}

function keychainName(ctx: WorkKeyStoreContext, registrationId: string): string {
  return `${ctx.vaultId}:work:${registrationId}`;
}

function filePath(ctx: WorkKeyStoreContext, registrationId: string): string {
  return join(ctx.dir, WORK_KEYS_DIR, `${checkRegistrationId(registrationId)}.json`);
}

function sealingKey(ctx: WorkKeyStoreContext, raw: string): Buffer {
  return Buffer.from(nodeHmac('SHA256', new TextEncoder().encode(raw), new TextEncoder().encode(`${LABEL}\u0000${ctx.vaultId}`)));
}

function aad(ctx: WorkKeyStoreContext, registrationId: string): Buffer {
  return Buffer.from(`${ctx.vaultId}\u0000${registrationId}`, 'utf8');
}

/**
 * Seals `privateJwk` for registration `registrationId` and stores it (keychain, else file).
 *
 * @example
 * ```ts
 * await saveWorkKey(ctx, device.id, privateJwk, { serverUrl, audience: tokenAudience });
 * ```
 */
export async function saveWorkKey(ctx: WorkKeyStoreContext, registrationId: string, privateJwk: PrivateJwk, binding: WorkKeyBinding): Promise<void> {
  const raw = await ctx.rawMachineId();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(ctx, raw), iv).setAAD(aad(ctx, registrationId));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(privateJwk), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const record: SealedRecord = {
    format: FORMAT, version: 1, vaultId: ctx.vaultId, registrationId, serverUrl: binding.serverUrl, audience: binding.audience,
    machine: machineFingerprint(raw), iv: iv.toString('base64url'), sealed: sealed.toString('base64url'),
  };
  const text = JSON.stringify(record);
  const keychain = await ctx.keychain();
  if (keychain !== null) {
    await keychain.store(keychainName(ctx, registrationId), text);
    return;
  }
  await mkdir(join(ctx.dir, WORK_KEYS_DIR), { recursive: true, mode: 0o700 });
  await writeFileAtomic(filePath(ctx, registrationId), new TextEncoder().encode(`${text}\n`), { mode: 0o600 });
}

async function readRecord(ctx: WorkKeyStoreContext, registrationId: string): Promise<string | undefined> {
  const fromFile = await readFile(filePath(ctx, registrationId), 'utf8').catch((error: unknown) => {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  });
  if (fromFile !== undefined) return fromFile;
  const keychain = await ctx.keychain();
  return keychain === null ? undefined : keychain.lookup(keychainName(ctx, registrationId));
}

function parseRecord(text: string, ctx: WorkKeyStoreContext, registrationId: string): SealedRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<SealedRecord>;
    const strings = [value.serverUrl, value.audience, value.machine, value.iv, value.sealed];
    if (value.format !== FORMAT || value.version !== 1 || value.vaultId !== ctx.vaultId || value.registrationId !== registrationId) return undefined;
    return strings.every((s) => typeof s === 'string') ? (value as SealedRecord) : undefined;
  } catch {
    return undefined;
  }
}

function unseal(record: SealedRecord, key: Buffer, aadBytes: Buffer): PrivateJwk | undefined {
  try {
    const sealed = Buffer.from(record.sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(record.iv, 'base64url')).setAAD(aadBytes);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as PrivateJwk;
  } catch {
    return undefined;
  }
}

/**
 * The key of registration `registrationId`, if this machine holds a usable one.
 *
 * @example
 * ```ts
 * const found = await loadWorkKey(ctx, account.work.registrationId);
 * if (found.status === 'foreign') await deleteWorkKey(ctx, account.work.registrationId); // a clone
 * ```
 */
export async function loadWorkKey(ctx: WorkKeyStoreContext, registrationId: string): Promise<WorkKeyLookup> {
  if (!isRegistrationId(registrationId)) return { status: 'missing' };
  const text = await readRecord(ctx, registrationId);
  if (text === undefined) return { status: 'missing' };
  const record = parseRecord(text, ctx, registrationId);
  const raw = await ctx.rawMachineId();
  if (record?.machine !== machineFingerprint(raw)) return { status: 'foreign' };
  const jwk = unseal(record, sealingKey(ctx, raw), aad(ctx, registrationId));
  if (jwk === undefined) return { status: 'foreign' };
  const key = await importSigningKey(jwk);
  return { status: 'ok', key: { registrationId, serverUrl: record.serverUrl, audience: record.audience, key } };
}

/** Forgets the key of `registrationId` wherever it is (file and keychain). */
export async function deleteWorkKey(ctx: WorkKeyStoreContext, registrationId: string): Promise<void> {
  if (!isRegistrationId(registrationId)) return;
  await rm(filePath(ctx, registrationId), { force: true });
  const keychain = await ctx.keychain();
  if (keychain !== null) await keychain.remove(keychainName(ctx, registrationId));
}
