/**
 * The plaintext of the Ente test exports: the shared accounts as Ente writes them, one
 * `otpauth://` URI per line with its `codeDisplay` extras.
 *
 * @module
 */
import { formatOtpauthUri } from '../../../../uri/format.js';
import type { SharedAccount } from '../../internal/test-support/accounts.js';

/** One line of Ente's export for `account`. */
export function enteLine(account: SharedAccount, display: Record<string, unknown> = {}): string {
  const codeDisplay = { pinned: false, trashed: false, lastUsedAt: 0, tapCount: 0, tags: [], note: '', position: 0, iconSrc: '', iconID: '', ...display };
  return `${formatOtpauthUri({ issuer: account.issuer, label: account.label, otp: account.otp })}&codeDisplay=${encodeURIComponent(JSON.stringify(codeDisplay))}`;
}

/** Ente's export text for `accounts`. */
export function enteText(accounts: readonly SharedAccount[]): string {
  return accounts.map((a) => `${enteLine(a)}\n`).join('');
}
