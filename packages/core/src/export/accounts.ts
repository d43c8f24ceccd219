/**
 * The accounts an export walks through: the vault's accounts in display order, each with the OTP
 * parameters it generates codes from. Work (push sign-in) accounts carry no portable secret
 * unless the service also enrolled a TOTP, so they are exported only through that TOTP.
 *
 * @module
 */
import type { OtpParameters } from '../otp/types.js';
import { orderedAccounts } from '../vault/order.js';
import type { Account, Vault } from '../vault/types.js';
import type { SkippedAccount } from './types.js';

/** One account in export order with the OTP parameters to write. */
export interface ExportableAccount {
  readonly account: Account;
  readonly otp: OtpParameters;
}

/** The OTP parameters of `account`, or `undefined` for a work account without a one-time code. */
export function otpOf(account: Account): OtpParameters | undefined {
  return account.kind === 'otp' ? account.otp : account.work.otp;
}

/**
 * Splits the vault's accounts (in order) into those `check` accepts and those it refuses with a
 * reason; `check` returns `undefined` to accept.
 */
export function partitionAccounts(
  vault: Vault,
  check: (otp: OtpParameters, account: Account) => string | undefined,
): { accepted: ExportableAccount[]; skipped: SkippedAccount[] } {
  const accepted: ExportableAccount[] = [];
  const skipped: SkippedAccount[] = [];
  for (const account of orderedAccounts(vault)) {
    const otp = otpOf(account);
    if (otp === undefined) {
      skipped.push({ account, reason: 'a work account signs in by push approval and has no one-time-code secret to export' });
      continue;
    }
    const reason = check(otp, account);
    if (reason === undefined) accepted.push({ account, otp });
    else skipped.push({ account, reason });
  }
  return { accepted, skipped };
}

/** `skipped` sorted into the vault's display order (sorts in place and returns it). */
export function inVaultOrder(vault: Vault, skipped: SkippedAccount[]): SkippedAccount[] {
  const rank = new Map(vault.accounts.map((account) => [account.id, account.position]));
  return skipped.sort((a, b) => (rank.get(a.account.id) ?? 0) - (rank.get(b.account.id) ?? 0));
}
