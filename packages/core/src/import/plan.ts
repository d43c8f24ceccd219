/**
 * Planning an import: for each entry of a parsed export, in the export's order, whether it will
 * be **added**, skipped as a **duplicate**, or reported as **failed** (carried through from the
 * parse with its reason) — decided before anything changes, so `--dry-run` shows exactly what
 * the import will do.
 *
 * An entry is a duplicate when the vault already holds the same account by the vault's own
 * duplicate rule (same secret bytes, same issuer and label ignoring case — what `addAccount`
 * refuses) or by fingerprint (see `duplicates.ts`), or when an earlier entry of the same export is the same account
 * (exports repeat entries, and several QR scans of one export overlap). Skipping duplicates is
 * what makes importing the same file twice change nothing the second time; `keepBoth` adds them
 * anyway, for the rare person who wants two copies.
 *
 * @module
 */
import type { CoreErrorCode } from '../errors.js';
import type { Vault } from '../vault/types.js';
import { DuplicateIndex } from './duplicates.js';
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
    const { index: at, name } = entry;
    if (!entry.ok) return { index: at, name, action: 'failed', code: entry.code, reason: entry.reason };
    const key = DuplicateIndex.keyOf(entry.account);
    const known = index.find(key);
    // Plain literals, not conditional spreads: this runs once per entry of exports of thousands.
    if (known === undefined) {
      index.add(key, name);
      return { index: at, name, action: 'add', account: entry.account };
    }
    if (keepBoth) return { index: at, name, action: 'add', account: entry.account, duplicateOf: known.description };
    const existing = known.existingId === undefined ? {} : { existingId: known.existingId };
    return { index: at, name, action: 'duplicate', account: entry.account, reason: known.description, ...existing };
  });
  return { format: parsed.format, keepBoth, items, warnings: parsed.warnings };
}
