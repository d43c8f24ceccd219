/**
 * fast-check arbitraries for the vault model, for any test that needs realistic vaults
 * (backup, restore, import/export). Everything they produce is canonical — exactly what the
 * vault operations would store — so `decodeVault(encodeVault(v))` equals `v` for each of them.
 * Test-only: excluded from the build by the package tsconfig.
 *
 * @module
 */
import fc from 'fast-check';
import { encodeBase32 } from '../../encoding/base32.js';
import type { OtpParameters } from '../../otp/types.js';
import { MAX_HOTP_COUNTER } from '../../otp/validate.js';
import { checkGroupName, checkIssuer, checkLabel, checkNote } from '../fields.js';
import { compareAccounts } from '../support.js';
import { mergeTombstones } from '../tombstones.js';
import type { Account, AccountCommon, AccountIcon, Group, OtpAccount, Tombstone, Vault, WorkAccount, WorkDetails } from '../types.js';

/** Canonical text that `check` accepts unchanged (non-canonical or refused samples are dropped). */
function canonicalText(check: (s: string) => string, maxLength: number): fc.Arbitrary<string> {
  const raw = fc.oneof(
    fc.string({ unit: 'grapheme-ascii', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.constantFrom('GitHub', 'Google', 'alice@example.com', 'Bob', 'ACME Corp', 'Ünïcødé', '日本語', '👩‍💻 dev'),
  );
  return raw.filter((s) => {
    try {
      return check(s) === s;
    } catch {
      return false;
    }
  });
}

/** A canonical issuer (possibly empty). */
export const arbIssuer: fc.Arbitrary<string> = canonicalText(checkIssuer, 24);
/** A canonical, non-empty label. */
export const arbLabel: fc.Arbitrary<string> = canonicalText(checkLabel, 24);
/** A canonical note (possibly multi-line). */
export const arbNote: fc.Arbitrary<string> = fc.oneof(fc.constant(''), canonicalText(checkNote, 40), fc.constant('line one\nline two'));
/** A canonical group name. */
export const arbGroupName: fc.Arbitrary<string> = canonicalText(checkGroupName, 16);
/** A lower-case UUID. */
export const arbId: fc.Arbitrary<string> = fc.uuid({ version: 4 });
/** A Unix epoch millisecond timestamp. */
export const arbTimestamp: fc.Arbitrary<number> = fc.integer({ min: 0, max: 4_102_444_800_000 });

/** Canonical base32 of 1–64 random bytes. */
export const arbSecret: fc.Arbitrary<string> = fc.uint8Array({ minLength: 1, maxLength: 64 }).map(encodeBase32);

/** Canonical OTP parameters of any type. */
export const arbOtpParameters: fc.Arbitrary<OtpParameters> = fc.oneof(
  fc.record({
    type: fc.constant('totp' as const),
    secret: arbSecret,
    algorithm: fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const),
    digits: fc.integer({ min: 6, max: 10 }),
    period: fc.integer({ min: 1, max: 86_400 }),
  }),
  fc.record({
    type: fc.constant('hotp' as const),
    secret: arbSecret,
    algorithm: fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const),
    digits: fc.integer({ min: 6, max: 10 }),
    counter: fc.integer({ min: 0, max: MAX_HOTP_COUNTER }),
  }),
  fc.record({ type: fc.constant('steam' as const), secret: arbSecret, period: fc.integer({ min: 1, max: 86_400 }) }),
);

/** A canonical icon (an image, a colour or both). */
export const arbIcon: fc.Arbitrary<AccountIcon> = fc.oneof(
  fc.record({ color: fc.stringMatching(/^[0-9A-F]{6}$/) }),
  fc.record({ image: fc.constantFrom('https://example.com/icon.png', 'data:image/png;base64,iVBORw0KGgo=') }),
  fc.record({ image: fc.constant('https://cdn.example.org/a/b.svg?x=1'), color: fc.constant('00FF7F') }),
);

/** Canonical work-account details, with or without an OATH secret. */
export const arbWorkDetails: fc.Arbitrary<WorkDetails> = fc.record(
  {
    serverUrl: fc.constantFrom('https://tessera.example.com', 'http://localhost:8080', 'https://id.example.org/tenant'),
    tenantId: arbLabel,
    tenantName: arbIssuer,
    username: arbLabel,
    displayName: arbIssuer,
    registrationId: arbLabel,
    previousRegistrationId: arbLabel,
    homeTenantId: arbLabel,
    allowSecretBackup: fc.boolean(),
    otp: arbOtpParameters,
  },
  { requiredKeys: ['serverUrl', 'tenantId', 'tenantName', 'username', 'displayName'] },
);

type CommonWithoutPlace = Omit<AccountCommon, 'id' | 'position' | 'groups'>;

function arbCommon(): fc.Arbitrary<CommonWithoutPlace> {
  return fc.record(
    {
      issuer: arbIssuer,
      label: arbLabel,
      icon: arbIcon,
      note: arbNote,
      favourite: fc.boolean(),
      createdAt: arbTimestamp,
      updatedAt: arbTimestamp,
    },
    { requiredKeys: ['issuer', 'label', 'note', 'favourite', 'createdAt', 'updatedAt'] },
  );
}

/** The content of an account, before it is given an id, a position and groups. */
export const arbAccountBody: fc.Arbitrary<CommonWithoutPlace & ({ kind: 'otp'; otp: OtpParameters } | { kind: 'work'; work: WorkDetails })> =
  fc.oneof(
    { weight: 4, arbitrary: fc.tuple(arbCommon(), arbOtpParameters).map(([c, otp]) => ({ ...c, kind: 'otp' as const, otp })) },
    { weight: 1, arbitrary: fc.tuple(arbCommon(), arbWorkDetails).map(([c, work]) => ({ ...c, kind: 'work' as const, work })) },
  );

/** Groups with unique ids and names (ignoring case). */
export const arbGroups: fc.Arbitrary<Group[]> = fc
  .uniqueArray(fc.record({ id: arbId, name: arbGroupName }), { maxLength: 5, selector: (g) => g.name.toLowerCase() })
  .filter((groups) => new Set(groups.map((g) => g.id)).size === groups.length);

/** Tombstones with unique ids (possibly out of order; canonicalise with `mergeTombstones`). */
export const arbTombstones: fc.Arbitrary<Tombstone[]> = fc.uniqueArray(fc.record({ id: arbId, deletedAt: arbTimestamp }), {
  maxLength: 4,
  selector: (t) => t.id,
});

/**
 * A valid vault: unique ids and positions, group references that exist, accounts sorted,
 * tombstones canonical and never for a live account.
 */
export function arbVault(options: { maxAccounts?: number } = {}): fc.Arbitrary<Vault> {
  const maxLength = options.maxAccounts ?? 8;
  return fc
    .record({ vaultId: arbId, updatedAt: arbTimestamp, groups: arbGroups, deleted: arbTombstones })
    .chain(({ vaultId, updatedAt, groups, deleted }) =>
      fc
        .uniqueArray(
          fc.record({
            id: arbId,
            position: fc.nat({ max: 2 ** 48 }),
            groups: fc.subarray(groups.map((g) => g.id)),
            body: arbAccountBody,
          }),
          { maxLength, selector: (a) => a.id },
        )
        .filter((items) => new Set(items.map((a) => a.position)).size === items.length)
        .map((items): Vault => {
          const accounts = items.map(({ id, position, groups: ids, body }): Account => {
            const account = { ...body, id, position, groups: ids };
            return account.kind === 'otp' ? (account satisfies OtpAccount) : (account satisfies WorkAccount);
          });
          const tombstones = mergeTombstones([deleted], new Set(accounts.map((a) => a.id)));
          return { version: 1, vaultId, updatedAt, groups, accounts: accounts.sort(compareAccounts), tombstones };
        }),
    );
}
