/**
 * Builds small vaults for tests through the real operations, so fixtures are always valid.
 *
 * @module
 */
import { addAccount } from '../add-account.js';
import { createVault } from '../create.js';
import type { OtpParameters } from '../../otp/types.js';
import type { Vault } from '../types.js';
import { deepFreeze, testContext, totp } from './context.js';
import { encodeBase32 } from '../../encoding/base32.js';

/** A frozen vault with one TOTP account per `[issuer, label]`, each with its own secret. */
export function vaultWith(names: readonly (readonly [string, string])[], otp?: (i: number) => OtpParameters): Vault {
  const ctx = testContext();
  let vault = createVault(ctx);
  names.forEach(([issuer, label], i) => {
    const params = otp?.(i) ?? totp(encodeBase32(new Uint8Array([1, 2, 3, 4, 5, i & 0xff, i >> 8])));
    vault = addAccount(vault, { issuer, label, otp: params }, ctx).vault;
  });
  return deepFreeze(vault);
}
