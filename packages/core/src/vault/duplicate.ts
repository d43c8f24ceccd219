/**
 * The duplicate rule shared by `addAccount` and `renameAccount`: a second account with the same
 * secret (compared as bytes) and the same issuer and label ignoring case is a duplicate. Both
 * operations apply it, because a rename that makes two accounts identical fills the list with
 * the same confusion a re-import does — and neither can be told apart afterwards.
 *
 * @module
 */
import { CoreError } from '../errors.js';
import { otpOf, sameSecret } from './secret.js';
import type { Account, Vault } from './types.js';

/** What the duplicate rule looks at. */
export interface DuplicateKey {
  readonly issuer: string;
  readonly label: string;
  readonly secret: string;
}

function isDuplicate(account: Account, key: DuplicateKey): boolean {
  const otp = otpOf(account);
  return (
    otp !== undefined &&
    account.issuer.toLowerCase() === key.issuer.toLowerCase() &&
    account.label.toLowerCase() === key.label.toLowerCase() &&
    sameSecret(otp.secret, key.secret)
  );
}

/** `Issuer (label)`, or the label alone when there is no issuer. */
export function describeAccount(account: Account): string {
  return account.issuer === '' ? account.label : `${account.issuer} (${account.label})`;
}

/**
 * Throws when an account of `vault` other than `exceptId` is a duplicate of `key`.
 *
 * @throws {CoreError} `ERR_ACCOUNT_DUPLICATE`, naming the existing account.
 */
export function refuseDuplicate(vault: Vault, key: DuplicateKey, exceptId?: string): void {
  const twin = vault.accounts.find((a) => a.id !== exceptId && isDuplicate(a, key));
  if (twin !== undefined) {
    throw new CoreError('ERR_ACCOUNT_DUPLICATE', `The vault already holds this account (${describeAccount(twin)}).`);
  }
}
