/**
 * Key derivation for encrypted imports, with the cost parameters a file dictates bounded before
 * anything is derived or allocated (security.md S3: a ceiling blocks memory-exhaustion attacks).
 * There is no floor: a weak file is only weak for whoever made it, and refusing it would leave
 * its owner unable to leave their old app. The ceilings admit every value the apps write —
 * Aegis scrypt N = 2^15, andOTP ≤ 160 000 PBKDF2 iterations, Ente Argon2id from 1 GiB × 4 passes
 * down through its "halve memory, double passes" fallbacks — with room to spare, and refuse
 * anything that would take more than about a gigabyte or minutes of work.
 *
 * @module
 */
import { defaultImportKdfs } from '../../kdf-defaults.js';
import type { ImportKdfs } from '../../types.js';
import { utf8 } from './codec.js';
import type { Fail } from '../../../internal/json.js';

/** The largest KDF costs an imported file may ask for (inclusive). */
export const IMPORT_KDF_LIMITS: {
  readonly scryptMaxN: number;
  readonly scryptMaxR: number;
  readonly scryptMaxP: number;
  readonly scryptMaxMemoryBytes: number;
  readonly scryptMaxWork: number;
  readonly pbkdf2MaxIterations: number;
  readonly argon2MaxMemoryKiB: number;
  readonly argon2MaxPasses: number;
  readonly argon2MaxParallelism: number;
  readonly argon2MaxWork: number;
} = Object.freeze({
  scryptMaxN: 2 ** 20,
  scryptMaxR: 32,
  scryptMaxP: 16,
  /** 128 · N · r, scrypt's working memory. */
  scryptMaxMemoryBytes: 1024 ** 3,
  /** N · r · p, proportional to its running time (Aegis: 2^18). */
  scryptMaxWork: 2 ** 25,
  /** Aegis refuses andOTP files above the same count. */
  pbkdf2MaxIterations: 10_000_000,
  argon2MaxMemoryKiB: 1024 ** 2,
  /** Ente's fallback ladder doubles passes as it halves memory: 4 MiB × 1024 is still within it. */
  argon2MaxPasses: 1024,
  argon2MaxParallelism: 16,
  /** m · t in KiB·passes: Ente's 1 GiB × 4 and every halving/doubling of it. */
  argon2MaxWork: 4 * 1024 ** 2,
});

const L = IMPORT_KDF_LIMITS;

function inRange(value: number, min: number, max: number): boolean {
  return Number.isSafeInteger(value) && value >= min && value <= max;
}

function outOfRange(fail: Fail, detail: string): never {
  return fail(`its key derivation parameters are out of range (${detail}).`);
}

/** scrypt parameters as a file gives them. */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** Fails unless `params` are within {@link IMPORT_KDF_LIMITS}. */
export function checkScrypt(params: ScryptParams, fail: Fail): void {
  const { N, r, p } = params;
  const powerOfTwo = inRange(N, 2, L.scryptMaxN) && (N & (N - 1)) === 0;
  if (!powerOfTwo || !inRange(r, 1, L.scryptMaxR) || !inRange(p, 1, L.scryptMaxP)) {
    outOfRange(fail, `scrypt needs N a power of two up to 2^20, r 1–${L.scryptMaxR}, p 1–${L.scryptMaxP}`);
  }
  if (128 * N * r > L.scryptMaxMemoryBytes || N * r * p > L.scryptMaxWork) {
    outOfRange(fail, 'scrypt would need more than 1 GiB of memory or 2^25 block operations');
  }
}

/** Fails unless `iterations` is from 1 to {@link IMPORT_KDF_LIMITS}.pbkdf2MaxIterations. */
export function checkPbkdf2(iterations: number, fail: Fail): void {
  if (!inRange(iterations, 1, L.pbkdf2MaxIterations)) {
    outOfRange(fail, `PBKDF2 iterations must be from 1 to ${L.pbkdf2MaxIterations}`);
  }
}

/** Argon2id parameters: `t` passes, `m` KiB of memory, `p` lanes. */
export interface Argon2Params {
  readonly t: number;
  readonly m: number;
  readonly p: number;
}

/** Fails unless `params` are within {@link IMPORT_KDF_LIMITS} and Argon2's own minimum (m ≥ 8p). */
export function checkArgon2id(params: Argon2Params, fail: Fail): void {
  const { t, m, p } = params;
  if (!inRange(p, 1, L.argon2MaxParallelism) || !inRange(t, 1, L.argon2MaxPasses) || !inRange(m, 8 * p, L.argon2MaxMemoryKiB)) {
    outOfRange(fail, `Argon2id needs at most 1 GiB of memory, 1–${L.argon2MaxPasses} passes and 1–${L.argon2MaxParallelism} lanes`);
  }
  if (m * t > L.argon2MaxWork) {
    outOfRange(fail, 'Argon2id memory × passes must not exceed 1 GiB × 4');
  }
}

function checked(key: Uint8Array, dkLen: number): Uint8Array {
  if (!(key instanceof Uint8Array) || key.length !== dkLen) {
    throw new TypeError(`The KDF must return ${dkLen} bytes.`);
  }
  return key;
}

/** The caller's KDFs, or the pure-JS defaults. */
export function kdfsOf(kdfs: ImportKdfs | undefined): ImportKdfs {
  return kdfs ?? defaultImportKdfs;
}

/** A 32-byte scrypt key from `password`, after {@link checkScrypt}. */
export async function scryptKey(kdfs: ImportKdfs, password: string, salt: Uint8Array, params: ScryptParams, fail: Fail): Promise<Uint8Array> {
  checkScrypt(params, fail);
  return checked(await kdfs.scrypt(utf8(password), salt, { N: params.N, r: params.r, p: params.p, dkLen: 32 }), 32);
}

/** A 32-byte PBKDF2 key from `password`, after {@link checkPbkdf2}. */
export async function pbkdf2Key(
  kdfs: ImportKdfs,
  hash: 'SHA-1' | 'SHA-256',
  password: string,
  salt: Uint8Array,
  iterations: number,
  fail: Fail,
): Promise<Uint8Array> {
  checkPbkdf2(iterations, fail);
  return checked(await kdfs.pbkdf2(hash, utf8(password), salt, iterations, 32), 32);
}

/** A 32-byte Argon2id key from `password`, after {@link checkArgon2id}. */
export async function argon2idKey(kdfs: ImportKdfs, password: string, salt: Uint8Array, params: Argon2Params, fail: Fail): Promise<Uint8Array> {
  checkArgon2id(params, fail);
  return checked(await kdfs.argon2id(utf8(password), salt, { t: params.t, m: params.m, p: params.p, dkLen: 32 }), 32);
}
