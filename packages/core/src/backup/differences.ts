/**
 * What differs between two versions of one account — the backup's and the vault's — in the
 * terms a restore brings back: the OTP secret and parameters, the HOTP counter, names, icon,
 * groups (by name, as a restore merges them), note, favourite and work details. Timestamps,
 * ids and positions are not fields here (order is judged across accounts), nor is a work
 * account's device registration, which is never restorable.
 *
 * @module
 */
import type { OtpParameters } from '../otp/types.js';
import { otpOf, sameSecret } from '../vault/secret.js';
import type { Account, Group, WorkDetails } from '../vault/types.js';

/** A field of an account that can differ between a backup and a vault. */
export type AccountField = 'kind' | 'otp' | 'counter' | 'issuer' | 'label' | 'icon' | 'groups' | 'note' | 'favourite' | 'work';

/** One account together with the groups of the vault or snapshot it belongs to. */
export interface AccountInContext {
  readonly account: Account;
  readonly groups: readonly Group[];
}

/** Type and parameters, without the secret and without the HOTP counter (which moves on use). */
function parameterText(otp: OtpParameters): string {
  switch (otp.type) {
    case 'totp':
      return `totp/${otp.algorithm}/${otp.digits}/${otp.period}`;
    case 'hotp':
      return `hotp/${otp.algorithm}/${otp.digits}`;
    case 'steam':
      return `steam/${otp.period}`;
  }
}

/** True when both have the same OTP type, parameters and secret bytes; the HOTP counter is ignored. */
export function sameOtp(a: OtpParameters | undefined, b: OtpParameters | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return parameterText(a) === parameterText(b) && sameSecret(a.secret, b.secret);
}

/** The HOTP counter of `account`, if it has one. */
export function counterOf(account: Account): number | undefined {
  const otp = otpOf(account);
  return otp?.type === 'hotp' ? otp.counter : undefined;
}

/**
 * True when both are the same account to the service that issued it: same kind, same OTP
 * secret and parameters, and for work accounts the same server, tenant and user. Names, the
 * HOTP counter and everything cosmetic may differ (the account was renamed or used since).
 */
export function sameIdentity(a: Account, b: Account): boolean {
  if (a.kind !== b.kind || !sameOtp(otpOf(a), otpOf(b))) return false;
  if (a.kind === 'otp' || b.kind === 'otp') return true;
  return a.work.serverUrl === b.work.serverUrl && a.work.tenantId === b.work.tenantId && a.work.username.toLowerCase() === b.work.username.toLowerCase();
}

function groupNames(entry: AccountInContext): string {
  const names = entry.account.groups.map((id) => entry.groups.find((g) => g.id === id)?.name.toLowerCase() ?? '');
  return JSON.stringify(names.sort());
}

function workText(work: WorkDetails | undefined): string {
  if (work === undefined) return '';
  const { serverUrl, tenantId, tenantName, username, displayName, homeTenantId } = work;
  return JSON.stringify([serverUrl, tenantId, tenantName, username, displayName, homeTenantId ?? null]);
}

/**
 * The fields in which `a` and `b` differ, in a fixed order (empty when a restore of one would
 * give back the other).
 *
 * @example
 * ```ts
 * accountDifferences({ account: fromBackup, groups: snapshot.groups }, { account: local, groups: vault.groups });
 * // ['note', 'counter']
 * ```
 */
export function accountDifferences(a: AccountInContext, b: AccountInContext): AccountField[] {
  const [x, y] = [a.account, b.account];
  const checks: [AccountField, boolean][] = [
    ['kind', x.kind !== y.kind],
    ['otp', !sameOtp(otpOf(x), otpOf(y))],
    ['counter', counterOf(x) !== counterOf(y)],
    ['issuer', x.issuer !== y.issuer],
    ['label', x.label !== y.label],
    ['icon', x.icon?.image !== y.icon?.image || x.icon?.color !== y.icon?.color],
    ['groups', groupNames(a) !== groupNames(b)],
    ['note', x.note !== y.note],
    ['favourite', x.favourite !== y.favourite],
    ['work', workText(x.kind === 'work' ? x.work : undefined) !== workText(y.kind === 'work' ? y.work : undefined)],
  ];
  return checks.filter(([, differs]) => differs).map(([field]) => field);
}
