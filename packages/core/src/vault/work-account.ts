/**
 * Adding a work/school account and recording whether this device is registered for it. A work
 * account sits in the order like any other; its push-approval key never enters the vault, only
 * the id of the registration it belongs to, which the apps set after registering and clear when
 * the key is gone (a restore, a clone, a revoked device) so the account shows "needs sign-in".
 *
 * @module
 */
import { CoreError } from '../errors.js';
import { checkIssuer, checkLabel, checkNote } from './fields.js';
import { checkGroupIds } from './groups.js';
import { nextPosition } from './order.js';
import { checkNow, getAccount, mintId, replaceAccount, withAccounts } from './support.js';
import type { Account, CreationContext, MutationContext, Vault, WorkAccount, WorkDetails } from './types.js';
import { checkWorkDetails } from './work-fields.js';

/** The input of {@link addWorkAccount}. Names are trimmed and NFC-normalised. */
export interface NewWorkAccount {
  /** Shown as the issuer; usually the organisation's name. */
  readonly issuer: string;
  /** Shown as the account name; usually the username. */
  readonly label: string;
  readonly work: WorkDetails;
  /** Group **ids**; each must exist. */
  readonly groups?: readonly string[];
  readonly note?: string;
}

function sameIdentity(a: WorkDetails, b: WorkDetails): boolean {
  return a.serverUrl === b.serverUrl && a.tenantId === b.tenantId && a.username.toLowerCase() === b.username.toLowerCase();
}

/**
 * The work account of `work`'s server, tenant and username (ignoring case), if the vault has one.
 *
 * @example
 * ```ts
 * const existing = findWorkAccount(vault, { serverUrl, tenantId, tenantName, username, displayName });
 * ```
 */
export function findWorkAccount(vault: Vault, work: WorkDetails): WorkAccount | undefined {
  return vault.accounts.find((a): a is WorkAccount => a.kind === 'work' && sameIdentity(a.work, work));
}

/**
 * Adds a work account at the end of the order.
 *
 * @example
 * ```ts
 * const { vault: next, account } = addWorkAccount(vault, {
 *   issuer: 'Example Org', label: 'ada@example.org',
 *   work: { serverUrl: 'https://id.example.org', tenantId: 'example.org', tenantName: 'Example Org', username: 'ada@example.org', displayName: 'Ada', registrationId: 'd-1' },
 * }, { now, random });
 * ```
 * @throws {CoreError} `ERR_ACCOUNT_INVALID` for a bad name or work detail; `ERR_GROUP_NOT_FOUND`;
 *   `ERR_ACCOUNT_DUPLICATE` when the vault already has this server, tenant and username.
 */
export function addWorkAccount(vault: Vault, input: NewWorkAccount, ctx: CreationContext): { vault: Vault; account: WorkAccount } {
  const now = checkNow(ctx);
  const work = checkWorkDetails(input.work);
  if (findWorkAccount(vault, work) !== undefined) {
    throw new CoreError('ERR_ACCOUNT_DUPLICATE', `The vault already has the work account ${work.username} at ${work.serverUrl}.`);
  }
  const account: WorkAccount = {
    id: mintId(vault, ctx),
    kind: 'work',
    issuer: checkIssuer(input.issuer),
    label: checkLabel(input.label),
    groups: checkGroupIds(vault, input.groups ?? []),
    note: checkNote(input.note ?? ''),
    favourite: false,
    position: nextPosition(vault),
    createdAt: now,
    updatedAt: now,
    work,
  };
  return { vault: withAccounts(vault, [...vault.accounts, account], now), account };
}

/**
 * Records this device's registration for work account `id` (`undefined`: none, "needs sign-in").
 *
 * @example
 * ```ts
 * const next = setWorkRegistration(vault, account.id, undefined, { now }); // the key is gone
 * ```
 * @throws {CoreError} `ERR_ACCOUNT_NOT_FOUND`; `ERR_ACCOUNT_INVALID` when `id` is not a work
 *   account or the registration id is not a valid field.
 */
export function setWorkRegistration(vault: Vault, id: string, registrationId: string | undefined, ctx: MutationContext): Vault {
  return updateWorkDetails(vault, id, { registrationId: registrationId ?? null }, ctx);
}

/** The changes {@link updateWorkDetails} makes; absent fields stay as they are. */
export interface WorkDetailsPatch {
  /** This device's registration; `null`: none ("needs sign-in"). */
  readonly registrationId?: string | null;
  /** `null` forgets it: the removal of that registration was offered. */
  readonly previousRegistrationId?: string | null;
  /** What the organisation's server said about backing up the OATH secret. */
  readonly allowSecretBackup?: boolean;
}

/**
 * Changes the registration, the previous registration or the secret-backup policy of work
 * account `id`; the very vault given when nothing changes.
 *
 * @example
 * ```ts
 * const next = updateWorkDetails(vault, account.id, { previousRegistrationId: null, allowSecretBackup: false }, { now });
 * ```
 * @throws {CoreError} `ERR_ACCOUNT_NOT_FOUND`; `ERR_ACCOUNT_INVALID` when `id` is not a work
 *   account or a field is not valid.
 */
export function updateWorkDetails(vault: Vault, id: string, patch: WorkDetailsPatch, ctx: MutationContext): Vault {
  const now = checkNow(ctx);
  const account = getAccount(vault, id);
  if (account.kind !== 'work') throw new CoreError('ERR_ACCOUNT_INVALID', 'Only a work account has work details.');
  const { registrationId, previousRegistrationId, ...rest } = account.work;
  // `undefined` in the patch keeps the field, `null` forgets it.
  const registration = patch.registrationId === undefined ? registrationId : (patch.registrationId ?? undefined);
  const previous = patch.previousRegistrationId === undefined ? previousRegistrationId : (patch.previousRegistrationId ?? undefined);
  const allowSecretBackup = patch.allowSecretBackup ?? rest.allowSecretBackup;
  // Only these three can change, and the stored details are already canonical.
  if (registration === registrationId && previous === previousRegistrationId && allowSecretBackup === rest.allowSecretBackup) return vault;
  const work = checkWorkDetails({
    ...rest,
    ...(registration === undefined ? {} : { registrationId: registration }),
    ...(previous === undefined ? {} : { previousRegistrationId: previous }),
    ...(allowSecretBackup === undefined ? {} : { allowSecretBackup }),
  });
  return replaceAccount(vault, { ...account, work, updatedAt: now }, now);
}

/**
 * `account` as a backup or an export may hold it: a work account's OATH secret stays out unless
 * its organisation's policy allows it (`allowSecretBackup`), which is absent until it says so.
 *
 * @example
 * ```ts
 * const safe = orderedAccounts(vault).map(backupForm);
 * ```
 */
export function backupForm(account: Account): Account {
  if (account.kind !== 'work' || account.work.otp === undefined || account.work.allowSecretBackup === true) return account;
  const work = { ...account.work };
  delete work.otp;
  return { ...account, work };
}
