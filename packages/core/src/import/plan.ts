/**
 * Planning an import: for each entry of a parsed export, in the export's order, whether it will
 * be **added**, skipped as a **duplicate**, or reported as **failed** (carried through from the
 * parse with its reason) — decided before anything changes, so `--dry-run` shows exactly what
 * the import will do.
 *
 * An entry is a duplicate when the vault already holds the same account by the vault's own
 * duplicate rule (same secret bytes, same issuer and label ignoring case — what `addAccount`
 * refuses) or by fingerprint, or when an earlier entry of the same export is the same account
 * (exports repeat entries, and several QR scans of one export overlap). Skipping duplicates is
 * what makes importing the same file twice change nothing the second time; `keepBoth` adds them
 * anyway, for the rare person who wants two copies.
 *
 * @module
 */
import type { CoreErrorCode } from '../errors.js';
import { decodeBase32 } from '../encoding/base32.js';
import { describeAccount } from '../vault/duplicate.js';
import { accountFingerprint } from '../vault/fingerprint.js';
import { orderedAccounts } from '../vault/order.js';
import { otpOf } from '../vault/secret.js';
import type { Account, OtpAccount, Vault } from '../vault/types.js';
import type { EntrySource, ImportedAccount, ImportFormat, ParsedImport } from './types.js';

/** An entry that will become a new account. */
export interface ImportAddItem extends EntrySource {
  readonly action: 'add';
  readonly account: ImportedAccount;
  /** With `keepBoth`: why this entry would otherwise have been skipped. */
  readonly duplicateOf?: string;
}

/** An entry skipped because the account is already there. */
export interface ImportDuplicateItem extends EntrySource {
  readonly action: 'duplicate';
  readonly account: ImportedAccount;
  /** E.g. `already in the vault as GitHub (alice)`. */
  readonly reason: string;
  /** The vault account it duplicates, when it is one (not an earlier entry of the file). */
  readonly existingId?: string;
}

/** An entry that could not be read, with why. */
export interface ImportFailedItem extends EntrySource {
  readonly action: 'failed';
  readonly code: CoreErrorCode;
  readonly reason: string;
}

/** What will happen to one entry. */
export type ImportPlanItem = ImportAddItem | ImportDuplicateItem | ImportFailedItem;

/** The result of {@link planImport}; the input of `applyImport`. */
export interface ImportPlan {
  readonly format: ImportFormat;
  readonly keepBoth: boolean;
  /** One per entry of the export, in its order. */
  readonly items: readonly ImportPlanItem[];
  readonly warnings: readonly string[];
}

/** Options of {@link planImport}. */
export interface ImportPlanOptions {
  /** Add duplicates too instead of skipping them. */
  readonly keepBoth?: boolean;
}

/** Where an account already is: in the vault (with its id) or earlier in the export. */
export interface Known {
  readonly description: string;
  readonly existingId?: string;
}

/** The two lookup keys of an account: the vault's duplicate rule and the fingerprint. */
export interface DuplicateKeys {
  readonly rule: string;
  readonly fingerprint: string;
}

// Accounts are immutable, so their keys can be remembered: planning and then applying an import
// (which checks again) would otherwise hash every account of the vault and the export twice.
const KEYS = new WeakMap<object, DuplicateKeys>();

function cachedKeys(of: object, asAccount: () => Account): DuplicateKeys {
  let keys = KEYS.get(of);
  if (keys === undefined) {
    const account = asAccount();
    keys = { rule: ruleKey(account) ?? '', fingerprint: accountFingerprint(account) };
    KEYS.set(of, keys);
  }
  return keys;
}

/** Both duplicate rules as lookups over the vault's accounts and the entries seen so far. */
export class DuplicateIndex {
  readonly #byRule = new Map<string, Known>();
  readonly #byFingerprint = new Map<string, Known>();

  /** An index of `vault`'s accounts (empty without a vault). */
  static of(vault: Vault | undefined): DuplicateIndex {
    const index = new DuplicateIndex();
    for (const account of vault === undefined ? [] : orderedAccounts(vault)) {
      const keys = cachedKeys(account, () => account);
      const known = { description: `already in the vault as ${describeAccount(account)}`, existingId: account.id };
      if (keys.rule !== '') index.#remember(index.#byRule, keys.rule, known);
      index.#remember(index.#byFingerprint, keys.fingerprint, known);
    }
    return index;
  }

  /** The keys of an imported account (computed once: the fingerprint is a SHA-256). */
  static keysOf(account: ImportedAccount): DuplicateKeys {
    return cachedKeys(account, () => toAccount(account));
  }

  /** Where an account with `keys` already is, if anywhere. */
  find(keys: DuplicateKeys): Known | undefined {
    return this.#byRule.get(keys.rule) ?? this.#byFingerprint.get(keys.fingerprint);
  }

  /** Records entry `name` of the export being imported. */
  add(keys: DuplicateKeys, name: string): void {
    const known = { description: `the same account as ${name}, earlier in this file` };
    this.#remember(this.#byRule, keys.rule, known);
    this.#remember(this.#byFingerprint, keys.fingerprint, known);
  }

  #remember(map: Map<string, Known>, key: string, known: Known): void {
    if (!map.has(key)) map.set(key, known);
  }
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** The vault's duplicate rule as a lookup key; `undefined` for an account without a secret. */
function ruleKey(account: Account): string | undefined {
  const otp = otpOf(account);
  if (otp === undefined) return undefined;
  let secret = '';
  for (const byte of decodeBase32(otp.secret)) secret += HEX[byte] ?? '';
  return `${account.issuer.toLowerCase()}\u0000${account.label.toLowerCase()}\u0000${secret}`;
}

/** The imported account as the vault would hold it, for the rules that take an `Account`. */
function toAccount(account: ImportedAccount): OtpAccount {
  return {
    id: '',
    kind: 'otp',
    issuer: account.issuer,
    label: account.label,
    groups: [],
    note: '',
    favourite: false,
    position: 0,
    createdAt: 0,
    updatedAt: 0,
    otp: account.otp,
  };
}

/**
 * Plans importing `parsed` into `vault` (or onto a device without a vault yet): one item per
 * entry, in the export's order. Changes nothing.
 *
 * @example
 * ```ts
 * const parsed = await importFile({ bytes, name: 'export.txt' });
 * const plan = planImport(vault, parsed, { keepBoth: false });
 * for (const item of plan.items) console.log(item.index, item.name, item.action);
 * ```
 */
export function planImport(vault: Vault | undefined, parsed: ParsedImport, options: ImportPlanOptions = {}): ImportPlan {
  const keepBoth = options.keepBoth === true;
  const index = DuplicateIndex.of(vault);
  const items = parsed.entries.map((entry): ImportPlanItem => {
    const source = { index: entry.index, name: entry.name };
    if (!entry.ok) return { ...source, action: 'failed', code: entry.code, reason: entry.reason };
    const keys = DuplicateIndex.keysOf(entry.account);
    const known = index.find(keys);
    if (known === undefined) index.add(keys, entry.name);
    if (known === undefined || keepBoth) {
      return { ...source, action: 'add', account: entry.account, ...(known === undefined ? {} : { duplicateOf: known.description }) };
    }
    const existing = known.existingId === undefined ? {} : { existingId: known.existingId };
    return { ...source, action: 'duplicate', account: entry.account, reason: known.description, ...existing };
  });
  return { format: parsed.format, keepBoth, items, warnings: parsed.warnings };
}
