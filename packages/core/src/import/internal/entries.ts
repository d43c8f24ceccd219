/**
 * Turning what a format says about one account into an {@link ImportedAccount}, or into a
 * {@link FailedEntry} that says why not. Every importer goes through here, so all of them apply
 * the vault's own rules (names, notes, icons, group names, OTP parameters) at parse time: an
 * entry that parses is one `addAccount` accepts, and a preview never promises what the import
 * then refuses.
 *
 * Two things are mapped rather than refused, each with a warning so nothing changes silently:
 * an unusable group name (the account is imported without that group) and an unusable icon
 * (imported without it). An entry with no account name but an issuer takes the issuer as its
 * name, since many exports (Bitwarden items, Google's bare issuers) leave one of the two empty.
 *
 * @module
 */
import { CoreError } from '../../errors.js';
import type { OtpParameters } from '../../otp/types.js';
import { validateOtpParameters } from '../../otp/validate.js';
import { checkGroupName, checkIcon, checkIssuer, checkLabel, checkNote } from '../../vault/fields.js';
import type { AccountIcon } from '../../vault/types.js';
import type { FailedEntry, ImportedAccount, ParsedEntry } from '../types.js';
import { markFinished } from './finished.js';

/** OTP parameters as a format reads them: checked, and given defaults, by `validateOtpParameters`. */
export type OtpCandidate = OtpParameters | Readonly<Record<string, unknown>>;

/** An account as a format reads it, before Tessera's rules are applied. */
export interface AccountDraft {
  readonly issuer: string;
  readonly label: string;
  readonly otp: OtpCandidate;
  readonly icon?: AccountIcon;
  /** Group names, in the source's spelling. */
  readonly groups?: readonly string[];
  readonly note?: string;
  readonly favourite?: boolean;
}

/** Records a warning about the current entry. */
export type Warn = (message: string) => void;

const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;
const MAX_NAME_CHARS = 80;

function printable(value: unknown): string {
  if (typeof value !== 'string') return '';
  const text = value.replace(UNPRINTABLE, '').trim();
  return text.length > MAX_NAME_CHARS ? `${text.slice(0, MAX_NAME_CHARS)}…` : text;
}

/**
 * How a report names an entry: `Issuer (label)`, either alone, or `fallback` when neither is
 * usable text. Built from raw, unchecked values, so it strips anything unprintable; never pass a
 * secret.
 */
export function entryName(issuer: unknown, label: unknown, fallback: string): string {
  const i = printable(issuer);
  const l = printable(label);
  if (i !== '' && l !== '' && i !== l) return `${i} (${l})`;
  return i !== '' ? i : l !== '' ? l : fallback;
}

function groupsOf(names: readonly string[], warn: Warn): string[] {
  const kept = new Map<string, string>();
  for (const name of names) {
    try {
      const canonical = checkGroupName(name);
      if (!kept.has(canonical.toLowerCase())) kept.set(canonical.toLowerCase(), canonical);
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      warn(`imported without the group ${JSON.stringify(printable(name))}: ${error.message}`);
    }
  }
  return [...kept.values()];
}

function iconOf(icon: AccountIcon, warn: Warn): AccountIcon | undefined {
  try {
    return checkIcon(icon);
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    warn(`imported without its icon: ${error.message}`);
    return undefined;
  }
}

/**
 * Applies the vault's rules to `draft`.
 *
 * @throws {CoreError} `ERR_ACCOUNT_INVALID` for a bad issuer, label or note;
 *   `ERR_IMPORT_ENTRY_INVALID` when there is neither an issuer nor an account name;
 *   `ERR_SECRET_INVALID`/`ERR_OTP_PARAMS_INVALID` for bad OTP parameters.
 */
export function finishAccount(draft: AccountDraft, warn: Warn): ImportedAccount {
  const issuer = checkIssuer(draft.issuer);
  const named = draft.label.trim() === '' ? issuer : draft.label;
  if (named === '') {
    throw new CoreError('ERR_IMPORT_ENTRY_INVALID', 'The entry has neither an issuer nor an account name.');
  }
  const label = checkLabel(named);
  const otp = validateOtpParameters(draft.otp);
  const note = draft.note === undefined ? '' : checkNote(draft.note);
  const icon = draft.icon === undefined ? undefined : iconOf(draft.icon, warn);
  const groups = groupsOf(draft.groups ?? [], warn);
  return markFinished({
    issuer,
    label,
    otp,
    ...(icon === undefined ? {} : { icon }),
    ...(groups.length === 0 ? {} : { groups }),
    ...(note === '' ? {} : { note }),
    ...(draft.favourite === true ? { favourite: true } : {}),
  });
}

/**
 * One entry of a source: `read` produces the draft (throwing a {@link CoreError} for anything it
 * cannot read), {@link finishAccount} applies the rules, and any `CoreError` on the way becomes
 * a {@link FailedEntry} carrying its code and message. Warnings, prefixed with `name`, reach
 * `warnings` only for an entry that imports: a failed one is explained by its reason alone.
 * Anything else thrown is a bug and propagates.
 */
export function readEntry(index: number, name: string, read: (warn: Warn) => AccountDraft, warnings: string[]): ParsedEntry | FailedEntry {
  const mine: string[] = [];
  const warn: Warn = (message) => mine.push(`${name}: ${message}`);
  try {
    const account = finishAccount(read(warn), warn);
    warnings.push(...mine);
    return { ok: true, index, name, account };
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    return { ok: false, index, name, code: error.code, reason: error.message };
  }
}
