/**
 * Turning one entry of a foreign export into a {@link ParsedEntry} or a {@link FailedEntry}:
 * the account is validated here exactly as the vault will validate it (names, note, icon, OTP
 * parameters), so a preview already shows every failure with its reason and nothing fails later.
 * Cosmetic parts that do not fit (an oversized icon, a group name Tessera cannot hold) are
 * dropped with a warning instead of failing the account; anything that would change the codes
 * or the account's identity fails the entry. An entry without a name takes its issuer as label.
 *
 * @module
 */
import { CoreError } from '../../../errors.js';
import { isSafeName } from '../../../internal/safe-text.js';
import { validateOtpParameters } from '../../../otp/validate.js';
import { checkGroupName, checkIcon, checkIssuer, checkLabel, checkNote } from '../../../vault/fields.js';
import type { AccountIcon } from '../../../vault/types.js';
import type { FailedEntry, ImportedAccount, ParsedEntry } from '../../types.js';
import { invalidEntry } from './errors.js';

/** Warnings about the whole import, each said once, in the order they arose. */
export class Warnings {
  readonly #messages = new Set<string>();

  /** Records `message` unless it was already said. */
  add(message: string): void {
    this.#messages.add(message);
  }

  /** Every warning, in order. */
  list(): readonly string[] {
    return [...this.#messages];
  }
}

/** What a format knows about one account, before validation. */
export interface AccountDraft {
  readonly issuer: string | undefined;
  readonly label: string | undefined;
  /** Candidate OTP parameters for `validateOtpParameters`. */
  readonly otp: Readonly<Record<string, unknown>>;
  readonly icon?: AccountIcon | undefined;
  /** Group names. */
  readonly groups?: readonly string[] | undefined;
  readonly note?: string | undefined;
  readonly favourite?: boolean | undefined;
}

const NAME_MAX = 80;

/** A short, printable name for an entry in the report (`GitHub (alice)`), never a secret. */
export function entryName(index: number, issuer: unknown, label: unknown): string {
  const parts = [issuer, label].filter((part): part is string => typeof part === 'string' && part.trim() !== '').map((s) => s.trim());
  const name = parts.length === 2 ? `${parts[0] ?? ''} (${parts[1] ?? ''})` : (parts[0] ?? '');
  if (name === '' || !isSafeName(name)) return `entry ${index}`;
  return name.length > NAME_MAX ? `${name.slice(0, NAME_MAX - 1)}…` : name;
}

function groupsOf(names: readonly string[], warnings: Warnings): string[] {
  const kept = new Map<string, string>();
  for (const name of names) {
    try {
      const canonical = checkGroupName(name);
      if (!kept.has(canonical.toLowerCase())) kept.set(canonical.toLowerCase(), canonical);
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      warnings.add(`A group name that Tessera cannot hold was left out (${error.message})`);
    }
  }
  return [...kept.values()];
}

function iconOf(icon: AccountIcon, name: string, warnings: Warnings): AccountIcon | undefined {
  try {
    return checkIcon(icon);
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    warnings.add(`${name}: the icon was not imported (${error.message})`);
    return undefined;
  }
}

/**
 * The validated account of `draft`.
 *
 * @throws {CoreError} `ERR_IMPORT_ENTRY_INVALID` when the entry has neither name nor issuer;
 *   `ERR_ACCOUNT_INVALID` for a name or note the vault would refuse; `ERR_SECRET_INVALID` or
 *   `ERR_OTP_PARAMS_INVALID` for the OTP parameters.
 */
export function buildAccount(draft: AccountDraft, name: string, warnings: Warnings): ImportedAccount {
  const issuer = checkIssuer(draft.issuer ?? '');
  const rawLabel = (draft.label ?? '').trim();
  if (rawLabel === '' && issuer === '') invalidEntry('The entry has neither a name nor an issuer.');
  const label = checkLabel(rawLabel === '' ? issuer : rawLabel);
  const otp = validateOtpParameters(draft.otp);
  const note = draft.note === undefined ? '' : checkNote(draft.note);
  const groups = groupsOf(draft.groups ?? [], warnings);
  const icon = draft.icon === undefined ? undefined : iconOf(draft.icon, name, warnings);
  return {
    issuer,
    label,
    otp,
    ...(icon === undefined ? {} : { icon }),
    ...(groups.length === 0 ? {} : { groups }),
    ...(note === '' ? {} : { note }),
    ...(draft.favourite === undefined ? {} : { favourite: draft.favourite }),
  };
}

/** The entry for `index`/`name`: the account `build` returns, or the failure it raised. */
export function toEntry(index: number, name: string, build: () => ImportedAccount): ParsedEntry | FailedEntry {
  try {
    return { ok: true, index, name, account: build() };
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    return { ok: false, index, name, code: error.code, reason: error.message };
  }
}
