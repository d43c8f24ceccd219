/**
 * The vocabulary of importing accounts from other authenticators: what an importer produces
 * (one entry per account in the source file, in the source's order, each either an account or a
 * failure with its reason), and what an import reports back. Nothing is ever dropped silently:
 * every entry of the source ends up as imported, skipped as a duplicate, or failed with a reason.
 *
 * @module
 */
import type { CoreErrorCode } from '../errors.js';
import type { OtpParameters } from '../otp/types.js';
import type { AccountIcon } from '../vault/types.js';

/**
 * Every format Tessera imports. `tessera` is Tessera's own encrypted backup file: apps open it
 * through `@tessera/backup` (age decryption lives outside the core) and hand the core its
 * accounts as a {@link ParsedImport}, so it has no importer in the core's registry.
 */
export type ImportFormat =
  | 'otpauth'
  | 'google-migration'
  | 'aegis'
  | '2fas'
  | 'ente'
  | 'andotp'
  | 'bitwarden-json'
  | 'bitwarden-csv'
  | 'proton'
  | 'authenticator-pro'
  | 'freeotp-plus'
  | 'lastpass'
  | 'steam-mafile'
  | 'tessera';

/** An account as the source describes it, mapped to Tessera's model. Groups are by name. */
export interface ImportedAccount {
  readonly issuer: string;
  readonly label: string;
  readonly otp: OtpParameters;
  readonly icon?: AccountIcon;
  readonly groups?: readonly string[];
  readonly note?: string;
  readonly favourite?: boolean;
}

/** Where an entry came from, for the report: its 1-based place in the source and a short name. */
export interface EntrySource {
  readonly index: number;
  /** E.g. `GitHub (alice)` or `line 7`; never a secret. */
  readonly name: string;
}

/** One source entry that maps to an account. */
export interface ParsedEntry extends EntrySource {
  readonly ok: true;
  readonly account: ImportedAccount;
}

/** One source entry that cannot be imported, and why. */
export interface FailedEntry extends EntrySource {
  readonly ok: false;
  readonly code: CoreErrorCode;
  readonly reason: string;
}

/** What an importer returns: every entry of the source, in order. */
export interface ParsedImport {
  readonly format: ImportFormat;
  readonly entries: readonly (ParsedEntry | FailedEntry)[];
  /** Things the person should know that are not about one entry (e.g. a missing QR batch). */
  readonly warnings: readonly string[];
}

/** The KDFs encrypted formats need. Apps pass native ones; the core has pure-JS defaults. */
export interface ImportKdfs {
  scrypt(password: Uint8Array, salt: Uint8Array, params: { N: number; r: number; p: number; dkLen: number }): Promise<Uint8Array>;
  pbkdf2(hash: 'SHA-1' | 'SHA-256' | 'SHA-512', password: Uint8Array, salt: Uint8Array, iterations: number, dkLen: number): Promise<Uint8Array>;
  argon2id(password: Uint8Array, salt: Uint8Array, params: { t: number; m: number /* KiB */; p: number; dkLen: number }): Promise<Uint8Array>;
}

/** Input of an importer. */
export interface ImportInput {
  readonly bytes: Uint8Array;
  /** The file name, for format detection and messages. */
  readonly name?: string;
  /** For encrypted exports; its absence for an encrypted file is `ERR_IMPORT_PASSWORD_REQUIRED`. */
  readonly password?: string;
  readonly kdfs?: ImportKdfs;
}

/** What happens to each entry when applied to a vault. */
export type ImportOutcome = 'imported' | 'duplicate' | 'failed';

/** One line of the import report, in source order. */
export interface ImportLine extends EntrySource {
  readonly outcome: ImportOutcome;
  /** For `duplicate` and `failed`. */
  readonly reason?: string;
  /** For `failed`: the error code of the reason. */
  readonly code?: CoreErrorCode;
  /** The vault account id for `imported` (and the existing one for `duplicate`). */
  readonly accountId?: string;
}

/** "imported N of M; K skipped as duplicates; J failed", entry by entry. */
export interface ImportReport {
  readonly format: ImportFormat;
  readonly total: number;
  readonly imported: number;
  readonly duplicates: number;
  readonly failed: number;
  readonly lines: readonly ImportLine[];
  readonly warnings: readonly string[];
}

/**
 * Reads one format. A problem with the file as a whole (not this format, truncated, hostile,
 * encrypted without a password, wrong password) throws a `CoreError` before anything is
 * returned; a problem with one entry is a {@link FailedEntry} among the others.
 */
export interface Importer {
  readonly format: ImportFormat;
  /** What the file is, for messages: e.g. `Google Authenticator export`. */
  readonly title: string;
  readonly parse: (input: ImportInput) => ParsedImport | Promise<ParsedImport>;
}
