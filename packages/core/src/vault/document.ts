/**
 * The vault document, version 1 (docs/formats/vault-v1.md): the constants and the member lists
 * shared by the encoder and the decoder. Member lists are written once, in the order the encoder
 * emits them, so the file layout is stable and the decoder refuses anything else.
 *
 * @module
 */
import type { OtpType } from '../otp/types.js';

/** The `format` member of every vault document. */
export const VAULT_FORMAT = 'tessera.vault';
/** The newest document version this code reads and the one it writes. */
export const VAULT_VERSION = 1;
/** Largest vault file accepted, in bytes (64 MiB): far above any real vault, small enough to parse. */
export const MAX_VAULT_BYTES: number = 64 * 1024 * 1024;

/** Members of the top-level object. */
export const VAULT_KEYS: readonly string[] = ['format', 'version', 'vaultId', 'updatedAt', 'groups', 'accounts', 'tombstones'];
/** Members of a tombstone. */
export const TOMBSTONE_KEYS: readonly string[] = ['id', 'deletedAt'];
/** Members of a group. */
export const GROUP_KEYS: readonly string[] = ['id', 'name'];
/** Members every account has, before its kind-specific member (`otp` or `work`). */
export const ACCOUNT_KEYS: readonly string[] = [
  'id',
  'kind',
  'issuer',
  'label',
  'groups',
  'note',
  'favourite',
  'position',
  'createdAt',
  'updatedAt',
];
/** Members of an icon; at least one is present. */
export const ICON_KEYS: readonly string[] = ['image', 'color'];
/** Required members of the details of a work account. */
export const WORK_KEYS: readonly string[] = ['serverUrl', 'tenantId', 'tenantName', 'username', 'displayName'];
/** Optional members of the details of a work account. */
export const WORK_OPTIONAL_KEYS: readonly string[] = ['registrationId', 'previousRegistrationId', 'homeTenantId', 'allowSecretBackup', 'otp'];
/** Members of OTP parameters, per type. */
export const OTP_KEYS: Readonly<Record<OtpType, readonly string[]>> = {
  totp: ['type', 'secret', 'algorithm', 'digits', 'period'],
  hotp: ['type', 'secret', 'algorithm', 'digits', 'counter'],
  steam: ['type', 'secret', 'period'],
};
