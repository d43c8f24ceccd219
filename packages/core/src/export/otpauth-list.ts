/**
 * The plainest export: one `otpauth://` URI per line, which nearly every authenticator imports.
 *
 * @module
 */
import { isCoreError } from '../errors.js';
import { formatOtpauthUri } from '../uri/format.js';
import type { Vault } from '../vault/types.js';
import { inVaultOrder, partitionAccounts } from './accounts.js';
import type { ExportResult, SkippedAccount } from './types.js';

/**
 * The vault's accounts as otpauth URIs, one per line in order (each line ends in `\n`). Accounts
 * no URI can carry (e.g. a label with one colon, a used-up HOTP counter) are in `skipped`.
 *
 * @example
 * ```ts
 * const { output, skipped } = exportOtpauthList(vault);
 * output.split('\n')[0]; // 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&…'
 * ```
 */
export function exportOtpauthList(vault: Vault): ExportResult<string> {
  const { accepted, skipped } = partitionAccounts(vault, () => undefined);
  const lines: string[] = [];
  const refused: SkippedAccount[] = [...skipped];
  for (const { account, otp } of accepted) {
    try {
      lines.push(formatOtpauthUri({ issuer: account.issuer, label: account.label, otp, ...(account.icon ? { icon: account.icon } : {}) }));
    } catch (error) {
      if (!isCoreError(error)) throw error;
      refused.push({ account, reason: error.message });
    }
  }
  return { output: lines.map((line) => `${line}\n`).join(''), skipped: inVaultOrder(vault, refused) };
}
