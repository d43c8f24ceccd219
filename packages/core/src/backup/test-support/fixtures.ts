/**
 * Small, readable fixtures for the backup tests: a snapshot of a few named accounts built
 * through the real vault operations.
 *
 * @module
 */
import type { OtpParameters } from '../../otp/types.js';
import { addAccount } from '../../vault/add-account.js';
import { createVault } from '../../vault/create.js';
import { addGroup, setAccountGroups } from '../../vault/groups.js';
import { deepFreeze, testContext } from '../../vault/test-support/context.js';
import type { CreationContext, Vault } from '../../vault/types.js';
import { createSnapshot } from '../create.js';
import type { Snapshot } from '../types.js';

/** The device every fixture snapshot comes from. */
export const SOURCE = { deviceId: 'laptop-1', deviceName: 'laptop', generation: 7, now: 1_700_000_500_000 } as const;

/** TOTP parameters with a secret derived from `n`, so each fixture account is distinct. */
export function secretOtp(n: number): OtpParameters {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const secret = Array.from({ length: 16 }, (_, i) => letters[(n * 7 + i * 3) % 32]).join('');
  return { type: 'totp', secret, algorithm: 'SHA1', digits: 6, period: 30 };
}

/** A vault of TOTP accounts `[issuer, label]`, the i-th with `secretOtp(i)`, plus group "Work" holding the first. */
export function vaultOf(names: readonly (readonly [string, string])[], ctx: CreationContext = testContext(), otp: (i: number) => OtpParameters = secretOtp): Vault {
  let vault = createVault(ctx);
  names.forEach(([issuer, label], i) => {
    vault = addAccount(vault, { issuer, label, otp: otp(i) }, ctx).vault;
  });
  const first = vault.accounts[0];
  if (first !== undefined) {
    const added = addGroup(vault, 'Work', ctx);
    vault = setAccountGroups(added.vault, first.id, [added.group.id], ctx);
  }
  return deepFreeze(vault);
}

/** A frozen snapshot of `vault` from {@link SOURCE}. */
export function snapshotOf(vault: Vault): Snapshot {
  return deepFreeze(createSnapshot(vault, SOURCE));
}
