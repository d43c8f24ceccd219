/**
 * Sample vaults and store factories for the store's tests: a vault with one HOTP account whose
 * secret, issuer and label are easy to search for in files, and stores with the keychain off
 * and a cheap app-lock work factor (2^10).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { addAccount, createVault, type Vault } from '@tessera/core';
import { FileVaultStore, type FileVaultStoreOptions } from '../vault-store.js';

/** Easy to spot in a file dump, so tests can prove they never reach the disk in the clear. */
export const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
export const ISSUER = 'Conspicuous Issuer';
export const LABEL = 'conspicuous.label@example.org';

/** Random bytes for the core's creation functions. */
export function random(n: number): Uint8Array {
  return new Uint8Array(randomBytes(n));
}

/** A vault with one HOTP account (counter 0). */
export function sampleVault(): Vault {
  const now = 1_700_000_000_000;
  const vault = createVault({ now, random });
  const otp = { type: 'hotp', secret: SECRET, algorithm: 'SHA1', digits: 6, counter: 0 } as const;
  return addAccount(vault, { issuer: ISSUER, label: LABEL, otp }, { now, random }).vault;
}

/** A store over `dir` with the keychain off (what `TESSERA_KEYCHAIN=off` gives) and app lock at 2^10. */
export function fileStore(dir: string, options: Partial<FileVaultStoreOptions> = {}): FileVaultStore {
  return new FileVaultStore({ dir, keychain: null, appLockLogN: 10, machineId: () => Promise.resolve('test-machine'), ...options });
}

/** The HOTP counter of the vault's only account. */
export function counterOf(vault: Vault): number {
  const account = vault.accounts[0];
  if (account?.kind !== 'otp' || account.otp.type !== 'hotp') throw new Error('sample account is not HOTP');
  return account.otp.counter;
}
