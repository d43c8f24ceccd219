import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeAccount, encodeOtp } from './encode.js';
import { arbVault } from './test-support/arbitraries.js';
import { PROPERTY } from './test-support/context.js';
import type { Account, AccountIcon, WorkDetails } from './types.js';

/** `encodeAccount` as first written, with conditional spreads, kept as the reference of its output. */
function referenceAccount(account: Account): object {
  const icon = (i: AccountIcon): object => ({ ...(i.image === undefined ? {} : { image: i.image }), ...(i.color === undefined ? {} : { color: i.color }) });
  const work = (w: WorkDetails): object => ({
    serverUrl: w.serverUrl,
    tenantId: w.tenantId,
    tenantName: w.tenantName,
    username: w.username,
    displayName: w.displayName,
    ...(w.registrationId === undefined ? {} : { registrationId: w.registrationId }),
    ...(w.previousRegistrationId === undefined ? {} : { previousRegistrationId: w.previousRegistrationId }),
    ...(w.homeTenantId === undefined ? {} : { homeTenantId: w.homeTenantId }),
    ...(w.allowSecretBackup === undefined ? {} : { allowSecretBackup: w.allowSecretBackup }),
    ...(w.otp === undefined ? {} : { otp: encodeOtp(w.otp) }),
  });
  return {
    id: account.id,
    kind: account.kind,
    issuer: account.issuer,
    label: account.label,
    ...(account.icon === undefined ? {} : { icon: icon(account.icon) }),
    groups: [...account.groups],
    note: account.note,
    favourite: account.favourite,
    position: account.position,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
    ...(account.kind === 'otp' ? { otp: encodeOtp(account.otp) } : { work: work(account.work) }),
  };
}

describe('encodeAccount', () => {
  it('writes exactly the members, in exactly the order, of the reference encoding', { timeout: PROPERTY.timeout }, () => {
    fc.assert(
      fc.property(arbVault(), (vault) => {
        for (const account of vault.accounts) {
          const encoded = encodeAccount(account);
          expect(JSON.stringify(encoded)).toBe(JSON.stringify(referenceAccount(account)));
          expect((encoded as { groups: unknown }).groups).not.toBe(account.groups);
        }
      }),
      { numRuns: PROPERTY.runs(200, 5_000) },
    );
  });
});
