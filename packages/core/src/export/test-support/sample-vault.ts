/**
 * A vault exercising every exporter path: plain TOTP, SHA-256/8 digits, HOTP, Steam, shapes some
 * formats cannot hold (7 digits, a 60 s period, a label with one colon), a work account, groups,
 * notes, favourites and an embedded icon.
 *
 * @module
 */
import { addAccount } from '../../vault/add-account.js';
import { createVault } from '../../vault/create.js';
import { addGroup } from '../../vault/groups.js';
import type { NewAccount, Vault, WorkAccount } from '../../vault/types.js';
import { testContext } from '../../vault/test-support/context.js';

/** A 1×1 PNG as a data URI. */
export const PNG_ICON = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** The accounts of {@link sampleVault}, in order (the work account comes last). */
export const SAMPLE_ACCOUNTS: readonly NewAccount[] = [
  { issuer: 'GitHub', label: 'alice@example.com', otp: { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 }, note: 'recovery codes in the safe', favourite: true, icon: { image: PNG_ICON } },
  { issuer: 'Big Corp', label: 'bob smith', otp: { type: 'totp', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', algorithm: 'SHA256', digits: 8, period: 30 } },
  { issuer: '', label: 'hotp demo', otp: { type: 'hotp', secret: '7KSQL2JTUDIS5EF65KLMRQIIGY', algorithm: 'SHA512', digits: 6, counter: 4 } },
  { issuer: 'Steam', label: 'gamer', otp: { type: 'steam', secret: 'GEZDGNBVGY3TQOJQMFRGGZDFMZTWQ2LK', period: 30 } },
  { issuer: 'Odd', label: 'seven digits', otp: { type: 'totp', secret: 'MFRGGZDFMZTWQ2LK', algorithm: 'SHA1', digits: 7, period: 30 } },
  { issuer: 'Slow', label: 'minute', otp: { type: 'totp', secret: 'MFRGGZDFMZTWQ2LL', algorithm: 'SHA1', digits: 6, period: 60 } },
  { issuer: 'Colon', label: 'team:alice', otp: { type: 'totp', secret: 'MFRGGZDFMZTWQ2LM', algorithm: 'SHA1', digits: 6, period: 30 } },
  { issuer: 'Ünïcödé ✓', label: '名前 & <b>', otp: { type: 'totp', secret: 'MFRGGZDFMZTWQ2LN', algorithm: 'SHA1', digits: 6, period: 30 } },
];

function withWorkAccount(vault: Vault): Vault {
  const work: WorkAccount = {
    id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    kind: 'work',
    issuer: 'Contoso',
    label: 'carol',
    groups: [],
    note: '',
    favourite: false,
    position: vault.accounts.length,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    work: { serverUrl: 'https://id.example.com', tenantId: 't1', tenantName: 'Contoso', username: 'carol', displayName: 'Carol' },
  };
  return { ...vault, accounts: [...vault.accounts, work] };
}

/** The sample vault: {@link SAMPLE_ACCOUNTS} (the first two in group "Work") plus a work account. */
export function sampleVault(): Vault {
  const ctx = testContext();
  const grouped = addGroup(createVault(ctx), 'Work', ctx);
  let vault = grouped.vault;
  SAMPLE_ACCOUNTS.forEach((account, index) => {
    const groups = index < 2 ? [grouped.group.id] : [];
    vault = addAccount(vault, { ...account, groups }, ctx).vault;
  });
  return withWorkAccount(vault);
}
