/**
 * The vault behind the golden backups in `vectors/backup-v1/`: every kind of thing a snapshot
 * can hold, built through the real core operations so it is valid by construction — TOTP with
 * each hash, digit count and period worth telling apart, HOTP counters, a Steam account, a work
 * account with its device registration (which a restore must drop), both icon forms, notes over
 * several lines, favourites, accounts in two groups, an empty issuer, non-ASCII names, two
 * accounts kept as duplicates on purpose, a position gap left by a deletion, and its tombstone.
 * Used once to make the golden files; the files, not this code, are what the tests trust.
 *
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  addAccount,
  addGroup,
  advanceHotpCounter,
  createVault,
  decodeVault,
  encodeVault,
  moveAccount,
  orderedAccounts,
  removeAccount,
  type CreationContext,
  type NewAccount,
  type Vault,
  type WorkAccount,
} from '@tessera/core';

/** When the golden vault was made: 2026-01-31T09:00:00Z, then a minute per step. */
export const GOLDEN_EPOCH = Date.UTC(2026, 0, 31, 9, 0, 0);

// A 1×1 transparent PNG: the smallest real `data:image/` icon.
const PNG_ICON = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

function ctxAt(step: number): CreationContext {
  return { now: GOLDEN_EPOCH + step * 60_000, random: (n) => new Uint8Array(randomBytes(n)) };
}

/** The OTP accounts, in the order they are added (display order is changed afterwards). */
function otpAccounts(work: string, personal: string, finance: string): (NewAccount & { duplicate?: true })[] {
  return [
    { issuer: 'GitHub', label: 'alice@example.com', otp: { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 }, icon: { color: '24292e' }, groups: [work], favourite: true, note: 'Recovery codes are in the safe.' },
    { issuer: 'Google', label: 'bob@example.com', otp: { type: 'totp', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA', algorithm: 'SHA256', digits: 8, period: 60 }, icon: { image: PNG_ICON, color: '4285F4' }, groups: [personal] },
    { issuer: 'Banque Étoile', label: 'Zoë Ünïcode', otp: { type: 'totp', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA', algorithm: 'SHA512', digits: 8, period: 30 }, groups: [finance, personal], note: 'Branch 12, Rue des Lilas.\nCard ends in 4242.\n\nCall +33 1 23 45 67 89 if locked out.' },
    { issuer: 'AWS', label: 'root', otp: { type: 'hotp', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', algorithm: 'SHA1', digits: 6, counter: 3 }, icon: { image: 'https://aws.amazon.com/favicon.ico' }, groups: [work], note: 'HOTP: the counter must come back exactly.' },
    { issuer: 'Steam', label: 'gaben', otp: { type: 'steam', secret: 'ONSWG4TFOQYTEMZUGU3DOOBZ', period: 30 }, favourite: true },
    { issuer: '', label: 'no-issuer@example.org', otp: { type: 'totp', secret: 'MFRGGZDFMZTWQ2LK', algorithm: 'SHA1', digits: 7, period: 45 } },
    { issuer: 'Old Service', label: 'deleted@example.com', otp: { type: 'totp', secret: 'KRUGKIDROVUWG2ZAMJZG653OEBTG66BA', algorithm: 'SHA1', digits: 6, period: 30 } },
    { issuer: 'Forum', label: 'carol', otp: { type: 'hotp', secret: 'NBSWY3DPEB3W64TMMQ', algorithm: 'SHA256', digits: 8, counter: 0 } },
    { issuer: 'Forum', label: 'carol', otp: { type: 'hotp', secret: 'NBSWY3DPEB3W64TMMQ', algorithm: 'SHA256', digits: 8, counter: 0 }, note: 'A second copy, kept on purpose.', duplicate: true },
  ];
}

/** The work account: its registration belongs to the device that made the backup. */
function workAccount(vault: Vault, group: string, now: number): WorkAccount {
  return {
    id: randomUUID(),
    kind: 'work',
    issuer: 'Contoso',
    label: 'alice@contoso.example',
    icon: { color: '0078D4' },
    groups: [group],
    note: '',
    favourite: false,
    position: Math.max(...vault.accounts.map((a) => a.position)) + 1,
    createdAt: now,
    updatedAt: now,
    work: {
      serverUrl: 'https://id.contoso.example',
      tenantId: 'f2b4c6d8-0000-4000-8000-00000000c0de',
      tenantName: 'Contoso Ltd',
      username: 'alice@contoso.example',
      displayName: 'Alice Example',
      registrationId: 'reg-7f3a91c2',
      otp: { type: 'totp', secret: 'OBQXG43XN5ZGIMJSGM', algorithm: 'SHA1', digits: 6, period: 30 },
    },
  };
}

function idOf(vault: Vault, issuer: string, label: string): string {
  const account = vault.accounts.find((a) => a.issuer === issuer && a.label === label);
  if (account === undefined) throw new Error(`no ${issuer}/${label} in the golden vault`);
  return account.id;
}

/**
 * The vault as backup generation 1 sees it: groups, every OTP account, the work account, then
 * Steam moved to the top, one account deleted (a tombstone and a gap in the positions).
 */
export function goldenVault(): Vault {
  let vault = createVault(ctxAt(0));
  const groups = ['Work', 'Personal', 'Finance'].map((name, i) => {
    const added = addGroup(vault, name, ctxAt(1 + i));
    vault = added.vault;
    return added.group.id;
  });
  const [work = '', personal = '', finance = ''] = groups;
  otpAccounts(work, personal, finance).forEach(({ duplicate, ...input }, i) => {
    vault = addAccount(vault, input, { ...ctxAt(10 + i), ...(duplicate ? { allowDuplicate: true } : {}) }).vault;
  });
  vault = { ...vault, accounts: [...vault.accounts, workAccount(vault, work, ctxAt(30).now)] };
  vault = moveAccount(vault, idOf(vault, 'Steam', 'gaben'), 0, ctxAt(31));
  vault = removeAccount(vault, idOf(vault, 'Old Service', 'deleted@example.com'), ctxAt(32));
  // A round trip through the vault codec proves the hand-built work account is valid.
  return decodeVault(encodeVault(vault));
}

/** What changes between backup generations 1 and 2: two HOTP codes used, Google moved last. */
export function goldenChange(vault: Vault): Vault {
  let next = vault;
  for (let step = 0; step < 2; step++) next = advanceHotpCounter(next, idOf(next, 'AWS', 'root'), ctxAt(40 + step)).vault;
  return moveAccount(next, idOf(next, 'Google', 'bob@example.com'), orderedAccounts(next).length - 1, ctxAt(42));
}
