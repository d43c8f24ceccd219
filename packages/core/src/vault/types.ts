/**
 * The vault model (ARCHITECTURE.md §3): one device's accounts, their groups and their order.
 * Order is explicit data (`position`), never array order, so it survives merges and restores.
 * Everything here is plain JSON-compatible data; secrets stay base32 strings.
 *
 * @module
 */
import type { OtpParameters } from '../otp/types.js';

/** How an account is drawn: an image (URL or `data:` URI) and/or a background colour. */
export interface AccountIcon {
  /** `https:` URL or `data:image/...` URI, as carried by the otpauth `image` parameter. */
  readonly image?: string;
  /** `RRGGBB` hex, as carried by the otpauth `color` parameter. */
  readonly color?: string;
}

/** Fields every account has, whatever its kind. */
export interface AccountCommon {
  /** Stable, random, never reused (UUID v4 text). */
  readonly id: string;
  readonly issuer: string;
  readonly label: string;
  readonly icon?: AccountIcon;
  /** Ids of the {@link Group}s the account belongs to. */
  readonly groups: readonly string[];
  readonly note: string;
  readonly favourite: boolean;
  /** Sort key; lower comes first. Unique within a vault. */
  readonly position: number;
  /** Unix epoch milliseconds. */
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A TOTP/HOTP/Steam account: the secret and its parameters live in the vault. */
export interface OtpAccount extends AccountCommon {
  readonly kind: 'otp';
  readonly otp: OtpParameters;
}

/**
 * A work/school account from an organisation's tessera-server. Its push-approval key is
 * device-bound and never stored here in a restorable form; a later issue fills this in.
 */
export interface WorkAccount extends AccountCommon {
  readonly kind: 'work';
  readonly work: {
    readonly serverUrl: string;
    readonly tenantId: string;
    readonly tenantName: string;
    readonly username: string;
    readonly displayName: string;
    readonly registrationId?: string;
    readonly homeTenantId?: string;
    readonly otp?: OtpParameters;
  };
}

export type Account = OtpAccount | WorkAccount;

/** A named folder of accounts. */
export interface Group {
  readonly id: string;
  readonly name: string;
}

/** The decrypted content of a vault. */
export interface Vault {
  readonly version: 1;
  /** Random id of this vault (UUID v4), kept across devices by backup and restore. */
  readonly vaultId: string;
  readonly accounts: readonly Account[];
  readonly groups: readonly Group[];
  /** Unix epoch milliseconds of the last change. */
  readonly updatedAt: number;
}
