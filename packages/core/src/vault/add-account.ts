/**
 * Adding an OTP account. The new account goes to the end of the order, gets a random id, and
 * passes the same validation a decoded vault does. A second copy of an account — same secret,
 * same issuer and label ignoring case — is refused unless asked for, because re-importing the
 * same export twice is the commonest way authenticators fill up with duplicates.
 *
 * @module
 */
import { CoreError } from '../errors.js';
import { validateOtpParameters } from '../otp/validate.js';
import { checkFlag, checkIcon, checkIssuer, checkLabel, checkNote } from './fields.js';
import { checkGroupIds } from './groups.js';
import { nextPosition } from './order.js';
import { otpOf, sameSecret } from './secret.js';
import { checkNow, mintId, withAccounts } from './support.js';
import type { Account, CreationContext, NewAccount, OtpAccount, Vault } from './types.js';

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
  if (ctx.allowDuplicate !== true) {
    const twin = vault.accounts.find((a) => isDuplicate(a, issuer, label, otp.secret));
    if (twin !== undefined) {
      throw new CoreError('ERR_ACCOUNT_DUPLICATE', `The vault already holds this account (${describe(twin)}).`);
    }
  }
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

function isDuplicate(account: Account, issuer: string, label: string, secret: string): boolean {
  const otp = otpOf(account);
  return (
    otp !== undefined &&
    account.issuer.toLowerCase() === issuer.toLowerCase() &&
    account.label.toLowerCase() === label.toLowerCase() &&
    sameSecret(otp.secret, secret)
  );
}

function describe(account: Account): string {
  return account.issuer === '' ? account.label : `${account.issuer} (${account.label})`;
}
