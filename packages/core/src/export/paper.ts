/**
 * The content of a printable paper backup: per account, in order, the text to show, the secret
 * in groups of four for copying by hand, and the otpauth URI to draw as a QR code. Rendering
 * (HTML, QR matrix) belongs to the apps; the core decides what goes on the page.
 *
 * @module
 */
import { isCoreError } from '../errors.js';
import { formatOtpauthUri } from '../uri/format.js';
import type { Vault } from '../vault/types.js';
import { inVaultOrder, partitionAccounts } from './accounts.js';
import type { ExportResult, SkippedAccount } from './types.js';

/** One account on the paper backup. */
export interface PaperEntry {
  /** 1-based place in the vault's order. */
  readonly number: number;
  readonly issuer: string;
  readonly label: string;
  /** E.g. `TOTP · SHA1 · 6 digits · 30 s`, for re-entering the account by hand. */
  readonly parameters: string;
  /** The Base32 secret in groups of four, e.g. `JBSW Y3DP EHPK 3PXP`. */
  readonly secretGroups: string;
  /** The otpauth URI, for the QR code. */
  readonly uri: string;
}

/** `text` split into space-separated groups of four characters. */
export function groupsOfFour(text: string): string {
  return (text.match(/.{1,4}/g) ?? []).join(' ');
}

function describe(otp: PaperOtp): string {
  switch (otp.type) {
    case 'totp':
      return `TOTP · ${otp.algorithm} · ${String(otp.digits)} digits · ${String(otp.period)} s`;
    case 'hotp':
      return `HOTP · ${otp.algorithm} · ${String(otp.digits)} digits · next counter ${String(otp.counter)}`;
    case 'steam':
      return `Steam Guard · ${String(otp.period)} s`;
  }
}

type PaperOtp = Parameters<typeof formatOtpauthUri>[0]['otp'];

/**
 * The paper-backup entries of the vault's accounts, in order. Accounts no QR code can carry are
 * in `skipped`.
 *
 * @example
 * ```ts
 * const { output } = paperBackupEntries(vault);
 * output[0]?.secretGroups; // 'JBSW Y3DP EHPK 3PXP'
 * ```
 */
export function paperBackupEntries(vault: Vault): ExportResult<PaperEntry[]> {
  const { accepted, skipped } = partitionAccounts(vault, () => undefined);
  const output: PaperEntry[] = [];
  const refused: SkippedAccount[] = [...skipped];
  for (const { account, otp } of accepted) {
    try {
      const uri = formatOtpauthUri({ issuer: account.issuer, label: account.label, otp });
      const { issuer, label } = account;
      output.push({ number: output.length + 1, issuer, label, parameters: describe(otp), secretGroups: groupsOfFour(otp.secret), uri });
    } catch (error) {
      if (!isCoreError(error)) throw error;
      refused.push({ account, reason: error.message });
    }
  }
  return { output, skipped: inVaultOrder(vault, refused) };
}
