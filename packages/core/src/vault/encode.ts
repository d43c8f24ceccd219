/**
 * Writing a vault as a version 1 document: UTF-8 JSON with a fixed member order, accounts in
 * display order and tombstones oldest first, so equal vaults give equal bytes. The encoder checks its output with the decoder's own rules before
 * returning it, because a file the reader refuses is a vault lost.
 *
 * @module
 */
import type { OtpParameters } from '../otp/types.js';
import { checkDocument } from './decode.js';
import { VAULT_FORMAT, VAULT_VERSION } from './document.js';
import { orderedAccounts } from './order.js';
import { compareTombstones } from './tombstones.js';
import type { Account, AccountIcon, Vault, WorkDetails } from './types.js';

/** OTP parameters as written, members in the documented order. */
export function encodeOtp(otp: OtpParameters): object {
  switch (otp.type) {
    case 'totp':
      return { type: otp.type, secret: otp.secret, algorithm: otp.algorithm, digits: otp.digits, period: otp.period };
    case 'hotp':
      return { type: otp.type, secret: otp.secret, algorithm: otp.algorithm, digits: otp.digits, counter: otp.counter };
    case 'steam':
      return { type: otp.type, secret: otp.secret, period: otp.period };
  }
}

function encodeIcon(icon: AccountIcon): object {
  return { ...(icon.image === undefined ? {} : { image: icon.image }), ...(icon.color === undefined ? {} : { color: icon.color }) };
}

function encodeWork(work: WorkDetails): object {
  return {
    serverUrl: work.serverUrl,
    tenantId: work.tenantId,
    tenantName: work.tenantName,
    username: work.username,
    displayName: work.displayName,
    ...(work.registrationId === undefined ? {} : { registrationId: work.registrationId }),
    ...(work.previousRegistrationId === undefined ? {} : { previousRegistrationId: work.previousRegistrationId }),
    ...(work.homeTenantId === undefined ? {} : { homeTenantId: work.homeTenantId }),
    ...(work.allowSecretBackup === undefined ? {} : { allowSecretBackup: work.allowSecretBackup }),
    ...(work.otp === undefined ? {} : { otp: encodeOtp(work.otp) }),
  };
}

/** One account as written, members in the documented order (shared with backup snapshots). */
export function encodeAccount(account: Account): object {
  return {
    id: account.id,
    kind: account.kind,
    issuer: account.issuer,
    label: account.label,
    ...(account.icon === undefined ? {} : { icon: encodeIcon(account.icon) }),
    groups: [...account.groups],
    note: account.note,
    favourite: account.favourite,
    position: account.position,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
    ...(account.kind === 'otp' ? { otp: encodeOtp(account.otp) } : { work: encodeWork(account.work) }),
  };
}

/**
 * The vault as a version 1 document (UTF-8 JSON bytes), accounts in display order.
 *
 * @example
 * ```ts
 * const bytes = encodeVault(vault);
 * decodeVault(bytes); // deep-equals vault
 * ```
 * @throws {CoreError} `ERR_VAULT_CORRUPT` when `vault` breaks a rule of the format (it was not
 *   built by the vault operations), rather than write a file that could not be read back.
 */
export function encodeVault(vault: Vault): Uint8Array {
  const document = {
    format: VAULT_FORMAT,
    version: VAULT_VERSION,
    vaultId: vault.vaultId,
    updatedAt: vault.updatedAt,
    groups: vault.groups.map((g) => ({ id: g.id, name: g.name })),
    accounts: orderedAccounts(vault).map(encodeAccount),
    tombstones: [...vault.tombstones].sort(compareTombstones).map((t) => ({ id: t.id, deletedAt: t.deletedAt })),
  };
  checkDocument(document);
  return new TextEncoder().encode(JSON.stringify(document));
}
