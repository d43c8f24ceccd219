/**
 * The vocabulary of exporting: every exporter takes the vault, writes the accounts in the vault's
 * order, and names each account it could not write together with the reason, so an export never
 * loses an account without saying so.
 *
 * @module
 */
import type { Account } from '../vault/types.js';

/** Every format Tessera exports to. `tessera` (the age-encrypted snapshot) is written by the apps. */
export type ExportFormat = 'otpauth' | 'google-qr' | 'aegis' | 'aegis-encrypted' | 'paper' | 'tessera';

/** An account the chosen format cannot carry, and why. */
export interface SkippedAccount {
  readonly account: Account;
  readonly reason: string;
}

/** What an exporter returns: its output and the accounts it left out. */
export interface ExportResult<T> {
  readonly output: T;
  readonly skipped: readonly SkippedAccount[];
}
