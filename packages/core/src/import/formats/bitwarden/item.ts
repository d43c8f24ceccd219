/**
 * A Bitwarden login with a TOTP as an account, shared by the JSON and CSV importers
 * (formats.md §6.2). `login.totp` is an `otpauth://` URI, `steam://SECRET` or a bare base32
 * secret (see `internal/totp-value.ts`). A URI names the account itself; otherwise the item's
 * name is the issuer and its username the account name (an item without a username is named
 * after the item). Notes, favourite and folder come from the item.
 *
 * @module
 */
import type { AccountDraft } from '../../internal/entries.js';
import { readTotpValue } from '../../internal/totp-value.js';

/** What both Bitwarden formats say about one login. */
export interface BitwardenLogin {
  readonly name: string;
  readonly username: string;
  readonly totp: string;
  readonly notes: string;
  readonly favourite: boolean;
  readonly folder?: string;
}

/**
 * The account `login` describes.
 *
 * @throws {CoreError} what `parseOtpauthUri` throws for a bad URI in `totp`.
 */
export function draftOfLogin(login: BitwardenLogin): AccountDraft {
  const value = readTotpValue(login.totp);
  return {
    issuer: value.issuer !== undefined && value.issuer !== '' ? value.issuer : login.name,
    label: value.label ?? login.username,
    otp: value.otp,
    ...(value.icon === undefined ? {} : { icon: value.icon }),
    note: login.notes,
    favourite: login.favourite,
    ...(login.folder === undefined || login.folder === '' ? {} : { groups: [login.folder] }),
  };
}

/** The warning for items that hold no TOTP: they are not authenticator accounts. */
export function withoutTotpWarning(count: number): string[] {
  if (count === 0) return [];
  const items = count === 1 ? '1 item has' : `${count} items have`;
  return [`${items} no TOTP secret (plain logins, notes, cards) and ${count === 1 ? 'was' : 'were'} not imported.`];
}
