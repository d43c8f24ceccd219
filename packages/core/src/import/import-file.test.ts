import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase32 } from '../encoding/base32.js';
import { addAccount } from '../vault/add-account.js';
import { orderedAccounts } from '../vault/order.js';
import { vaultWith } from '../vault/test-support/build.js';
import { deepFreeze, testContext } from '../vault/test-support/context.js';
import { applyImport, formatImportSummary } from './apply.js';
import { importFile } from './import-file.js';
import { planImport } from './plan.js';
import { signedBytes } from './test-support/accounts.js';
import { migrationUri, payloadMessage } from './test-support/migration.js';
import { arbMutations, mutate } from './test-support/mutate.js';
import { onlyCoreRejections, PROPERTY, rejectionOf, utf8 } from './test-support/support.js';
import type { ImportFormat } from './types.js';

const A = { issuer: 'GitHub', label: 'alice', secret: 'JBSWY3DPEHPK3PXP' };
const B = { issuer: 'Example', label: 'bob', secret: 'KNKVARKSKNCUGUSFKRFUKWJR' };
const BAD = { issuer: 'Broken', label: 'carol', secret: '1!1!' };
/** Every sample holds, in order: A, a broken entry, B, and A again. */
const ORDER = [A, BAD, B, A] as const;
const json = (value: unknown): Uint8Array => utf8(JSON.stringify(value));

const SAMPLES: Record<string, () => Uint8Array> = {
  otpauth: () => utf8(ORDER.map((a) => `otpauth://totp/${a.issuer}:${a.label}?secret=${a.secret}&issuer=${a.issuer}`).join('\n')),
  'google-migration': () =>
    utf8(migrationUri(payloadMessage(ORDER.map((a) => (a === BAD ? { secret: Uint8Array.of(1), name: a.label, issuer: a.issuer, algorithm: 4 } : { secret: decodeBase32(a.secret), name: a.label, issuer: a.issuer }))))),
  'bitwarden-json': () => json({ encrypted: false, folders: [], items: ORDER.map((a) => ({ type: 1, name: a.issuer, login: { username: a.label, totp: a.secret } })) }),
  'bitwarden-csv': () => utf8(['name,login_username,login_totp', ...ORDER.map((a) => `${a.issuer},${a.label},${a.secret}`)].join('\n')),
  'freeotp-plus': () =>
    json({ tokenOrder: [], tokens: ORDER.map((a) => ({ algo: 'SHA1', digits: 6, period: 30, type: 'TOTP', counter: 0, issuerExt: a.issuer, issuerInt: a.issuer, label: a.label, secret: a === BAD ? [1, 999] : signedBytes(a.secret) })) }),
  lastpass: () => json({ version: 3, folders: [], accounts: ORDER.map((a) => ({ issuerName: a.issuer, userName: a.label, secret: a.secret, timeStep: 30, digits: 6, algorithm: 'SHA1' })) }),
};

function vaultHoldingB() {
  return deepFreeze(addAccount(vaultWith([['Old', 'one']]), { issuer: B.issuer, label: B.label, otp: { type: 'totp', secret: B.secret, algorithm: 'SHA1', digits: 6, period: 30 } }, testContext()).vault);
}

describe('importFile → planImport → applyImport, every format of this folder', () => {
  it.each(Object.entries(SAMPLES))('%s: detected, imported in order, duplicates and failures reported, idempotent', async (format, sample) => {
    const bytes = sample();
    const parsed = await importFile({ bytes });
    expect(parsed.format).toBe(format);
    const vault = vaultHoldingB();
    const ctx = testContext(1_800_000_000_000, 3);
    const first = applyImport(vault, planImport(vault, parsed), ctx);
    expect(formatImportSummary(first.report)).toBe('imported 1 of 4; 2 skipped as duplicates; 1 failed');
    expect(first.report.lines.map((l) => l.outcome)).toEqual(['imported', 'failed', 'duplicate', 'duplicate']);
    expect(orderedAccounts(first.vault).map((a) => `${a.issuer}:${a.label}`)).toEqual(['Old:one', 'Example:bob', 'GitHub:alice']);

    const again = await importFile({ bytes }, format as ImportFormat);
    const second = applyImport(first.vault, planImport(first.vault, again), ctx);
    expect(second.vault).toBe(first.vault);
    expect(formatImportSummary(second.report)).toBe('imported 0 of 4; 3 skipped as duplicates; 1 failed');
  });

  it('steam-mafile: one account, idempotent', async () => {
    const bytes = json({ shared_secret: Buffer.from('1234567890abcdefghij').toString('base64'), account_name: 'gabe', revocation_code: 'R1' });
    const vault = vaultWith([]);
    const first = applyImport(vault, planImport(vault, await importFile({ bytes, name: 'x.maFile' })), testContext());
    expect(formatImportSummary(first.report)).toBe('imported 1 of 1; 0 skipped as duplicates; 0 failed');
    const second = applyImport(first.vault, planImport(first.vault, await importFile({ bytes })), testContext());
    expect(second.vault).toBe(first.vault);
    expect(second.report.duplicates).toBe(1);
  });

  it('keeps both copies on request', async () => {
    const vault = vaultHoldingB();
    const { report } = applyImport(vault, planImport(vault, await importFile({ bytes: SAMPLES['otpauth']!() }), { keepBoth: true }), testContext());
    expect(formatImportSummary(report)).toBe('imported 3 of 4; 0 skipped as duplicates; 1 failed');
  });

  it('refuses an unrecognised file, a format it has no importer for, and a format name that does not exist', async () => {
    expect((await rejectionOf(importFile({ bytes: utf8('hello') }))).code).toBe('ERR_IMPORT_FORMAT_UNKNOWN');
    await expect(importFile({ bytes: utf8('x') }, 'keepass' as ImportFormat)).rejects.toThrow(TypeError);
    expect((await rejectionOf(importFile({ bytes: utf8('otpauth://totp/a?secret=JBSWY3DP') }, 'lastpass'))).code).toBe('ERR_IMPORT_INVALID');
    expect((await rejectionOf(importFile({ bytes: utf8('age-encryption.org/v1') }, 'tessera'))).code).toBe('ERR_IMPORT_FORMAT_UNKNOWN');
  });

  it('only ever rejects with an import error for random bytes and mutated exports of any format', { timeout: PROPERTY.timeout }, async () => {
    const codes = ['ERR_IMPORT_FORMAT_UNKNOWN', 'ERR_IMPORT_INVALID', 'ERR_IMPORT_PASSWORD_REQUIRED'] as const;
    const samples = Object.values(SAMPLES).map((s) => s());
    const runs = PROPERTY.runs(300, 10_000);
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
      await onlyCoreRejections(() => importFile({ bytes }), codes);
    }), { numRuns: runs });
    await fc.assert(fc.asyncProperty(fc.nat({ max: samples.length - 1 }), arbMutations(), async (i, mutations) => {
      await onlyCoreRejections(() => importFile({ bytes: mutate(samples[i]!, mutations) }), codes);
    }), { numRuns: runs });
  });
});
