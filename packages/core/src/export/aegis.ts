/**
 * Aegis's vault format (formats.md §4), db version 3: the most complete open authenticator
 * format, so an Aegis export carries everything Aegis can hold: order (array order), groups,
 * notes, favourites and embedded icons. Accounts keep their Tessera ids as Aegis UUIDs.
 *
 * @module
 */
import type { OtpParameters } from '../otp/types.js';
import type { Vault } from '../vault/types.js';
import { partitionAccounts, type ExportableAccount } from './accounts.js';
import { aegisIcon } from './aegis-icon.js';
import type { ExportResult } from './types.js';

/** The Aegis db (vault content) object, version 3. */
export interface AegisDb {
  readonly version: 3;
  readonly entries: readonly Record<string, unknown>[];
  readonly groups: readonly { readonly uuid: string; readonly name: string }[];
  readonly icons_optimized: true;
}

function info(otp: OtpParameters): Record<string, unknown> {
  switch (otp.type) {
    case 'totp':
      return { secret: otp.secret, algo: otp.algorithm, digits: otp.digits, period: otp.period };
    case 'hotp':
      return { secret: otp.secret, algo: otp.algorithm, digits: otp.digits, counter: otp.counter };
    case 'steam':
      return { secret: otp.secret, algo: 'SHA1', digits: 5, period: otp.period };
  }
}

function entry({ account, otp }: ExportableAccount): Record<string, unknown> {
  return {
    type: otp.type,
    uuid: account.id,
    name: account.label,
    issuer: account.issuer,
    note: account.note,
    favorite: account.favourite,
    ...aegisIcon(account.icon),
    info: info(otp),
    groups: [...account.groups],
  };
}

/**
 * The vault's accounts (in order) and groups as an Aegis db object, version 3.
 *
 * @example
 * ```ts
 * const { output } = aegisDb(vault);
 * output.entries.length; // the number of exportable accounts
 * ```
 */
export function aegisDb(vault: Vault): ExportResult<AegisDb> {
  const { accepted, skipped } = partitionAccounts(vault, () => undefined);
  const groups = vault.groups.map((group) => ({ uuid: group.id, name: group.name }));
  return { output: { version: 3, entries: accepted.map(entry), groups, icons_optimized: true }, skipped };
}

/**
 * The vault as a plain (unencrypted) Aegis vault file: JSON text that Aegis imports as
 * "Aegis (.json)". It holds every secret in the clear.
 *
 * @example
 * ```ts
 * const { output, skipped } = exportAegisPlain(vault);
 * JSON.parse(output).header; // { slots: null, params: null }
 * ```
 */
export function exportAegisPlain(vault: Vault): ExportResult<string> {
  const { output, skipped } = aegisDb(vault);
  const file = { version: 1, header: { slots: null, params: null }, db: output };
  return { output: `${JSON.stringify(file, null, 2)}\n`, skipped };
}
