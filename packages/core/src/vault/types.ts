/**
 * The vault model (ARCHITECTURE.md §3): one device's accounts, their groups and their order.
 * Order is explicit data (`position`), never array order, so it survives merges and restores.
 * Everything here is plain JSON-compatible data; secrets stay base32 strings. The operations in
 * this folder never mutate a vault: each returns a new one, sharing what did not change.
 *
 * @module
 */
import type { OtpParameters } from '../otp/types.js';

/** How an account is drawn: an image (URL or `data:` URI) and/or a background colour. */
export interface AccountIcon {
  /** `https:` URL or `data:image/...` URI, as carried by the otpauth `image` parameter. */
  readonly image?: string;
  /** `RRGGBB` hex (stored upper case), as carried by the otpauth `color` parameter. */
  readonly color?: string;
}

/** Fields every account has, whatever its kind. */
export interface AccountCommon {
  /** Stable, random, never reused (UUID text, lower case). */
  readonly id: string;
  /** Trimmed, NFC; may be empty (many otpauth URIs carry no issuer). */
  readonly issuer: string;
  /** Trimmed, NFC, never empty. */
  readonly label: string;
  readonly icon?: AccountIcon;
  /** Ids of the {@link Group}s the account belongs to, without repeats. */
  readonly groups: readonly string[];
  /** Free text, may span lines; empty when there is none. */
  readonly note: string;
  readonly favourite: boolean;
  /** Sort key (a safe integer ≥ 0); lower comes first. Unique within a vault. */
  readonly position: number;
  /** Unix epoch milliseconds. */
  readonly createdAt: number;
  /** Unix epoch milliseconds of the last change to this account. */
  readonly updatedAt: number;
}

/** A TOTP/HOTP/Steam account: the secret and its parameters live in the vault. */
export interface OtpAccount extends AccountCommon {
  readonly kind: 'otp';
  readonly otp: OtpParameters;
}

/**
 * What identifies a work/school account at its organisation's tessera-server. The push-approval
 * key is device-bound and deliberately absent: it is never stored in a restorable form.
 */
export interface WorkDetails {
  /** Base URL of the organisation's server (`https://…`, or `http://` for local development). */
  readonly serverUrl: string;
  readonly tenantId: string;
  readonly tenantName: string;
  readonly username: string;
  readonly displayName: string;
  /** Set once this device is registered; absent when the account "needs sign-in". */
  readonly registrationId?: string;
  /**
   * The registration of the device that wrote the backup this account was restored from: after
   * a restore the apps offer to remove exactly that one, then forget it.
   */
  readonly previousRegistrationId?: string;
  /** For guests: the tenant the user signs in at. */
  readonly homeTenantId?: string;
  /**
   * Whether the organisation's policy lets `otp` into backups and exports (as the server said at
   * registration); absent means no, and a snapshot leaves the secret out.
   */
  readonly allowSecretBackup?: boolean;
  /** An OATH secret, only when the organisation's policy allows it to be kept. */
  readonly otp?: OtpParameters;
}

/** A work/school account from an organisation's tessera-server. */
export interface WorkAccount extends AccountCommon {
  readonly kind: 'work';
  readonly work: WorkDetails;
}

/** Either kind of account. */
export type Account = OtpAccount | WorkAccount;

/** A named folder of accounts. Names are unique within a vault, compared case-insensitively. */
export interface Group {
  /** Random UUID text, lower case. */
  readonly id: string;
  /** Trimmed, NFC, 1–64 characters. */
  readonly name: string;
}

/**
 * The record that an account was deleted, so that merging an older copy of the vault (another
 * device's snapshot, a backup) does not bring it back unasked. Ids are random and never reused,
 * so a tombstone can never hide a later account.
 */
export interface Tombstone {
  /** The id the deleted account had. */
  readonly id: string;
  /** Unix epoch milliseconds of the deletion. */
  readonly deletedAt: number;
}

/** The decrypted content of a vault. */
export interface Vault {
  readonly version: 1;
  /** Random id of this vault (UUID v4), kept across devices by backup and restore. */
  readonly vaultId: string;
  /**
   * Every account. The operations keep this array sorted by position, but order is defined by
   * `position` alone: read it through `orderedAccounts`.
   */
  readonly accounts: readonly Account[];
  readonly groups: readonly Group[];
  /**
   * Deleted account ids, oldest first (by `deletedAt`, then id), at most `MAX_TOMBSTONES`; never
   * the id of an account the vault holds.
   */
  readonly tombstones: readonly Tombstone[];
  /** Unix epoch milliseconds of the last change. */
  readonly updatedAt: number;
}

/** The clock every mutation takes: `now` in Unix epoch milliseconds (a safe integer ≥ 0). */
export interface MutationContext {
  readonly now: number;
}

/** What operations that mint ids take: the clock plus a source of `n` random bytes. */
export interface CreationContext extends MutationContext {
  readonly random: (n: number) => Uint8Array;
}

/** The input of `addAccount`. Strings are trimmed and NFC-normalised before they are stored. */
export interface NewAccount {
  readonly issuer: string;
  readonly label: string;
  readonly otp: OtpParameters;
  readonly icon?: AccountIcon;
  /** Group **ids** (map names with `resolveGroup`); each must exist. */
  readonly groups?: readonly string[];
  readonly note?: string;
  readonly favourite?: boolean;
}

/** The fields `updateAccount` changes; absent fields stay as they are, `icon: null` removes it. */
export interface AccountPatch {
  readonly note?: string;
  readonly favourite?: boolean;
  readonly icon?: AccountIcon | null;
}

/** The names `renameAccount` changes; absent fields stay as they are. */
export interface AccountNames {
  readonly issuer?: string;
  readonly label?: string;
}
