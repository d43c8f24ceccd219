/**
 * Changing and removing accounts. Each edit validates like `addAccount` does, stamps the
 * account's and the vault's `updatedAt` with `ctx.now`, and leaves every other account as it is
 * (removal leaves a gap in the positions rather than renumbering its neighbours).
 *
 * @module
 */
import { CoreError } from '../errors.js';
import type { OtpParameters } from '../otp/types.js';
import { refuseDuplicate } from './duplicate.js';
import { checkFlag, checkIcon, checkIssuer, checkLabel, checkNote } from './fields.js';
import { otpOf } from './secret.js';
import { checkNow, getAccount, replaceAccount, withAccounts } from './support.js';
import { mergeTombstones } from './tombstones.js';
import type { Account, AccountIcon, AccountNames, AccountPatch, MutationContext, Vault } from './types.js';

/** Options of {@link renameAccount}. */
export interface RenameAccountContext extends MutationContext {
  /** Rename even when the result has the same secret, issuer and label as another account. */
  readonly allowDuplicate?: boolean;
}

/**
 * Changes the issuer and/or label of account `id`. The duplicate rule of `addAccount` applies to
 * the new names; a rename that leaves the names as they were (ignoring case) is never refused,
 * so a pair of duplicates kept on purpose can still be edited.
 *
 * @example
 * ```ts
 * const next = renameAccount(vault, id, { label: 'alice@work.example' }, { now });
 * ```
 * @throws {CoreError} `ERR_ACCOUNT_NOT_FOUND`; `ERR_ACCOUNT_INVALID` for a bad name;
 *   `ERR_ACCOUNT_DUPLICATE` when another account would then have the same secret and names.
 */
export function renameAccount(vault: Vault, id: string, names: AccountNames, ctx: RenameAccountContext): Vault {
  const now = checkNow(ctx);
  const account = getAccount(vault, id);
  const issuer = names.issuer === undefined ? account.issuer : checkIssuer(names.issuer);
  const label = names.label === undefined ? account.label : checkLabel(names.label);
  const otp = otpOf(account);
  const renamed = issuer.toLowerCase() !== account.issuer.toLowerCase() || label.toLowerCase() !== account.label.toLowerCase();
  if (renamed && otp !== undefined && ctx.allowDuplicate !== true) {
    refuseDuplicate(vault, { issuer, label, secret: otp.secret }, id);
  }
  return replaceAccount(vault, { ...account, issuer, label, updatedAt: now }, now);
}

/**
 * Changes the note, favourite flag and/or icon of account `id` (`icon: null` removes the icon).
 *
 * @example
 * ```ts
 * const next = updateAccount(vault, id, { favourite: true, icon: { color: '1E88E5' } }, { now });
 * ```
 * @throws {CoreError} `ERR_ACCOUNT_NOT_FOUND`; `ERR_ACCOUNT_INVALID` for a bad note or icon.
 */
export function updateAccount(vault: Vault, id: string, patch: AccountPatch, ctx: MutationContext): Vault {
  const now = checkNow(ctx);
  const account = getAccount(vault, id);
  const note = patch.note === undefined ? account.note : checkNote(patch.note);
  const favourite = patch.favourite === undefined ? account.favourite : checkFlag(patch.favourite, 'favourite');
  const icon = patch.icon === undefined ? account.icon : patch.icon === null ? undefined : checkIcon(patch.icon);
  return replaceAccount(vault, withIcon({ ...account, note, favourite, updatedAt: now }, icon), now);
}

function withIcon(account: Account, icon: AccountIcon | undefined): Account {
  if (icon !== undefined) return { ...account, icon };
  // exactOptionalPropertyTypes: an absent icon is a missing key, never `icon: undefined`.
  const copy = { ...account };
  delete copy.icon;
  return copy;
}

/**
 * Removes account `id` and records a tombstone for it, so that merging an older copy of the
 * vault does not bring it back. Other accounts keep their positions.
 *
 * @example
 * ```ts
 * const next = removeAccount(vault, id, { now });
 * ```
 * @throws {CoreError} `ERR_ACCOUNT_NOT_FOUND`.
 */
export function removeAccount(vault: Vault, id: string, ctx: MutationContext): Vault {
  const now = checkNow(ctx);
  getAccount(vault, id);
  const next = withAccounts(
    vault,
    vault.accounts.filter((a) => a.id !== id),
    now,
  );
  return { ...next, tombstones: mergeTombstones([vault.tombstones, [{ id, deletedAt: now }]]) };
}

/**
 * Consumes one HOTP code: returns the counter to compute the code from and stores the next one.
 * Works for `otp` accounts and for `work` accounts whose OATH secret is HOTP.
 *
 * @example
 * ```ts
 * const { vault: next, counter } = advanceHotpCounter(vault, id, { now });
 * const code = generateHotp(secret, counter);
 * ```
 * @throws {CoreError} `ERR_ACCOUNT_NOT_FOUND`; `ERR_ACCOUNT_INVALID` when the account is not HOTP;
 *   `ERR_OTP_PARAMS_INVALID` when the counter is used up (2^53 − 1, reached only by using the
 *   code of `MAX_HOTP_COUNTER`, the largest counter any input may carry).
 */
export function advanceHotpCounter(vault: Vault, id: string, ctx: MutationContext): { vault: Vault; counter: number } {
  const now = checkNow(ctx);
  const account = getAccount(vault, id);
  const otp = otpOf(account);
  if (otp?.type !== 'hotp') {
    throw new CoreError('ERR_ACCOUNT_INVALID', 'Only HOTP accounts have a counter.');
  }
  const counter = otp.counter;
  if (counter >= Number.MAX_SAFE_INTEGER) {
    throw new CoreError('ERR_OTP_PARAMS_INVALID', 'The HOTP counter is used up: it cannot go any higher.');
  }
  const nextOtp: OtpParameters = { ...otp, counter: counter + 1 };
  const next: Account =
    account.kind === 'otp'
      ? { ...account, otp: nextOtp, updatedAt: now }
      : { ...account, work: { ...account.work, otp: nextOtp }, updatedAt: now };
  return { vault: replaceAccount(vault, next, now), counter };
}
