import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportAegisPlain } from '../export/aegis.js';
import { exportOtpauthList } from '../export/otpauth-list.js';
import { arbVault } from '../vault/test-support/arbitraries.js';
import { PROPERTY, testContext } from '../vault/test-support/context.js';
import { applyImport } from './apply.js';
import { importAegis } from './formats/aegis/index.js';
import { parseOtpauthList } from './formats/otpauth/index.js';
import { isFinished } from './internal/finished.js';
import { planImport } from './plan.js';
import type { ParsedImport } from './types.js';

/** The same entries as new objects, so `applyImport` cannot know an importer checked them. */
function unchecked(parsed: ParsedImport): ParsedImport {
  return { ...parsed, entries: parsed.entries.map((entry) => (entry.ok ? { ...entry, account: structuredClone(entry.account) } : entry)) };
}

/** Applies `parsed` to `target` twice, finished accounts and copies, with the same clock and random bytes. */
function bothWays(target: Parameters<typeof applyImport>[0], parsed: ParsedImport, keepBoth: boolean): void {
  const copies = unchecked(parsed);
  expect(parsed.entries.every((entry) => !entry.ok || isFinished(entry.account))).toBe(true);
  expect(copies.entries.some((entry) => entry.ok && isFinished(entry.account))).toBe(false);
  const fast = applyImport(target, planImport(target, parsed, { keepBoth }), testContext(1_800_000_000_000, 9));
  const slow = applyImport(target, planImport(target, copies, { keepBoth }), testContext(1_800_000_000_000, 9));
  expect(fast).toEqual(slow);
}

describe('applyImport of entries an importer already checked', () => {
  it('builds exactly the vault and report addAccount would (Aegis: groups, notes, icons, favourites)', async () => {
    await fc.assert(
      fc.asyncProperty(arbVault({ maxAccounts: 6 }), arbVault({ maxAccounts: 3 }), fc.boolean(), async (source, target, keepBoth) => {
        const parsed = await importAegis({ bytes: new TextEncoder().encode(exportAegisPlain(source).output) });
        bothWays(target, parsed, keepBoth);
      }),
      { numRuns: PROPERTY.runs(40, 600) },
    );
  }, PROPERTY.timeout);

  it('builds exactly the vault and report addAccount would (otpauth list)', () => {
    fc.assert(
      fc.property(arbVault({ maxAccounts: 6 }), arbVault({ maxAccounts: 3 }), fc.boolean(), (source, target, keepBoth) => {
        bothWays(target, parseOtpauthList(exportOtpauthList(source).output), keepBoth);
      }),
      { numRuns: PROPERTY.runs(40, 600) },
    );
  }, PROPERTY.timeout);
});
