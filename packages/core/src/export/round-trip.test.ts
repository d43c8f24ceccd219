import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCoreError } from '../errors.js';
import { importAegis } from '../import/formats/aegis/index.js';
import { parseGoogleMigration } from '../import/formats/google-migration/index.js';
import { parseOtpauthList } from '../import/formats/otpauth/index.js';
import type { ImportedAccount, ParsedImport } from '../import/types.js';
import type { OtpParameters } from '../otp/types.js';
import { orderedAccounts } from '../vault/order.js';
import type { Account, OtpAccount, Vault } from '../vault/types.js';
import { arbVault } from '../vault/test-support/arbitraries.js';
import { PROPERTY, seededRandom } from '../vault/test-support/context.js';
import { otpOf } from './accounts.js';
import { exportAegisEncrypted } from './aegis-encrypted.js';
import { exportAegisPlain } from './aegis.js';
import { exportGoogleMigration } from './google-migration.js';
import { exportOtpauthList } from './otpauth-list.js';
import { sampleVault } from './test-support/sample-vault.js';

interface Comparable {
  issuer: string;
  label: string;
  otp: unknown;
  groups?: readonly string[];
  note?: string;
  favourite?: boolean;
  icon?: unknown;
}

function imported(parsed: ParsedImport): ImportedAccount[] {
  return parsed.entries.map((entry) => {
    if (!entry.ok) throw new Error(`entry ${String(entry.index)} failed: ${entry.reason}`);
    return entry.account;
  });
}

/** The accounts an export carries (work accounts through their TOTP, if any), as OTP accounts. */
function exported(vault: Vault, skip: readonly string[]): (OtpAccount | (Account & { otp: OtpParameters }))[] {
  return orderedAccounts(vault).flatMap((a) => {
    const otp = otpOf(a);
    return otp === undefined || skip.includes(a.label) ? [] : [{ ...a, otp }];
  });
}

const groupNames = (vault: Vault, account: Account): string[] => account.groups.map((id) => vault.groups.find((g) => g.id === id)?.name ?? id);

function full(vault: Vault, account: Account & { otp: OtpParameters }, withIcon: boolean): Comparable {
  return {
    issuer: account.issuer,
    label: account.label,
    otp: account.otp,
    groups: groupNames(vault, account),
    note: account.note,
    favourite: account.favourite,
    ...(withIcon && account.icon?.image?.startsWith('data:') ? { icon: { image: account.icon.image } } : {}),
  };
}

function normalised(account: ImportedAccount): Comparable {
  return {
    issuer: account.issuer,
    label: account.label,
    otp: account.otp,
    groups: account.groups ?? [],
    note: account.note ?? '',
    favourite: account.favourite ?? false,
    ...(account.icon ? { icon: account.icon } : {}),
  };
}

describe('every exporter → importer round trip keeps what the format can hold', () => {
  it('otpauth list: issuer, name, OTP parameters and icon', () => {
    const vault = sampleVault();
    const back = imported(parseOtpauthList(exportOtpauthList(vault).output));
    const expected = exported(vault, ['team:alice']).map((a) => ({ issuer: a.issuer, label: a.label, otp: a.otp, ...(a.icon ? { icon: a.icon } : {}) }));
    expect(back).toEqual(expected);
  });

  it('Google Authenticator transfer, batched and read back in any order: issuer, name, TOTP/HOTP parameters', () => {
    const vault = sampleVault();
    const uris = exportGoogleMigration(vault, { batchId: -42, accountsPerCode: 2 }).output;
    expect(uris).toHaveLength(3);
    const back = imported(parseGoogleMigration([...uris].reverse().join('\n')));
    const expected = exported(vault, ['gamer', 'seven digits', 'minute']).map((a) => ({ issuer: a.issuer, label: a.label, otp: a.otp }));
    expect(back.map((a) => ({ issuer: a.issuer, label: a.label, otp: a.otp }))).toEqual(expected);
  });

  it('Aegis plain: everything, in order, with groups, notes, favourites and embedded icons', async () => {
    const vault = sampleVault();
    const back = imported(await importAegis({ bytes: new TextEncoder().encode(exportAegisPlain(vault).output) }));
    expect(back.map(normalised)).toEqual(exported(vault, []).map((a) => full(vault, a, true)));
  });

  it('Aegis encrypted: the same with the password, and a wrong password is ERR_IMPORT_PASSWORD_WRONG', async () => {
    const vault = sampleVault();
    const { output } = await exportAegisEncrypted(vault, { password: 'open sesame', random: seededRandom(5) });
    const bytes = new TextEncoder().encode(output);
    const back = imported(await importAegis({ bytes, password: 'open sesame' }));
    expect(back.map(normalised)).toEqual(exported(vault, []).map((a) => full(vault, a, true)));
    const wrong = await importAegis({ bytes, password: 'open sesame!' }).catch((error: unknown) => error);
    expect(isCoreError(wrong) ? wrong.code : wrong).toBe('ERR_IMPORT_PASSWORD_WRONG');
  });
});

describe('round trips of arbitrary vaults', () => {
  it('Aegis plain keeps every OTP account with its groups, note, favourite and embedded icon', async () => {
    await fc.assert(
      fc.asyncProperty(arbVault({ maxAccounts: 6 }), async (vault) => {
        const back = imported(await importAegis({ bytes: new TextEncoder().encode(exportAegisPlain(vault).output) }));
        expect(back.map(normalised)).toEqual(exported(vault, []).map((a) => full(vault, a, true)));
      }),
      { numRuns: PROPERTY.runs(30, 500) },
    );
  }, PROPERTY.timeout);

  it('otpauth list keeps every account a URI can carry, and reports the rest', () => {
    fc.assert(
      fc.property(arbVault({ maxAccounts: 6 }), (vault) => {
        const { output, skipped } = exportOtpauthList(vault);
        const skippedIds = new Set(skipped.map((s) => s.account.id));
        const back = imported(parseOtpauthList(output));
        const expected = exported(vault, []).filter((a) => !skippedIds.has(a.id));
        expect(back.map((a) => [a.issuer, a.label, a.otp])).toEqual(expected.map((a) => [a.issuer, a.label, a.otp]));
        expect(back.length + skipped.length).toBe(vault.accounts.length);
      }),
      { numRuns: PROPERTY.runs(30, 500) },
    );
  }, PROPERTY.timeout);
});
