/**
 * Adding an OTP account. The new account goes to the end of the order, gets a random id, and
 * passes the same validation a decoded vault does. A second copy of an account — same secret,
 * same issuer and label ignoring case — is refused unless asked for, because re-importing the
 * same export twice is the commonest way authenticators fill up with duplicates.
 *
 * @module
 */
import { validateOtpParameters } from '../otp/validate.js';
import { checkFlag, checkIcon, checkIssuer, checkLabel, checkNote } from './fields.js';
import { refuseDuplicate } from './duplicate.js';
import { checkGroupIds } from './groups.js';
import { nextPosition } from './order.js';
import { checkNow, mintId, withAccounts } from './support.js';
import type { CreationContext, NewAccount, OtpAccount, Vault } from './types.js';

/** Options of {@link addAccount}. */
export interface AddAccountContext extends CreationContext {
  /** Add even when an account with the same secret, issuer and label exists. */
  readonly allowDuplicate?: boolean;
}

/**
 * Adds an OTP account at the end of the order.
 *
 * @example
 * ```ts
 * const { vault: next, account } = addAccount(
 *   vault,
 *   { issuer: 'GitHub', label: 'alice', otp: { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 } },
 *   { now, random },
 * );
 * ```
 * @throws {CoreError} `ERR_ACCOUNT_INVALID` for a bad issuer, label, note or icon;
 *   `ERR_OTP_PARAMS_INVALID`/`ERR_SECRET_INVALID` for bad OTP parameters;
 *   `ERR_GROUP_NOT_FOUND` for an unknown group id; `ERR_ACCOUNT_DUPLICATE` for a duplicate.
 */
export function addAccount(
  vault: Vault,
  input: NewAccount,
  ctx: AddAccountContext,
): { vault: Vault; account: OtpAccount } {
  const now = checkNow(ctx);
  const issuer = checkIssuer(input.issuer);
  const label = checkLabel(input.label);
  const otp = validateOtpParameters(input.otp);
  const icon = input.icon === undefined ? undefined : checkIcon(input.icon);
  const groups = checkGroupIds(vault, input.groups ?? []);
  const note = checkNote(input.note ?? '');
  if (ctx.allowDuplicate !== true) refuseDuplicate(vault, { issuer, label, secret: otp.secret });
  const account: OtpAccount = {
    id: mintId(vault, ctx),
    kind: 'otp',
    issuer,
    label,
    ...(icon === undefined ? {} : { icon }),
    groups,
    note,
    favourite: checkFlag(input.favourite ?? false, 'favourite'),
    position: nextPosition(vault),
    createdAt: now,
    updatedAt: now,
    otp,
  };
  return { vault: withAccounts(vault, [...vault.accounts, account], now), account };
}
