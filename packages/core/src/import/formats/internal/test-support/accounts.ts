/**
 * The shared test accounts of the import tests: the accounts every authenticator's own test
 * fixtures carry (formats.md §1, "Codes I computed from the Aegis shared test accounts"), with
 * the codes an independent implementation computed for them. A fixture written in any format
 * must import to exactly these parameters and produce exactly these codes.
 *
 * @module
 */
import { expect } from 'vitest';
import { codeFor } from '../../../../otp/code-for.js';
import type { OtpParameters } from '../../../../otp/types.js';
import type { FailedEntry, ParsedEntry } from '../../../types.js';

/** One shared account and its expected codes at `t = 1 700 000 000 s` (TOTP/Steam) or at its counter (HOTP). */
export interface SharedAccount {
  readonly issuer: string;
  readonly label: string;
  readonly otp: OtpParameters;
  readonly code: string;
}

/** formats.md §1: every fixture decodes to these. */
export const SHARED_ACCOUNTS: readonly SharedAccount[] = [
  { issuer: 'Deno', label: 'Mason', otp: { type: 'totp', secret: '4SJHB4GSD43FZBAI7C2HLRJGPQ', algorithm: 'SHA1', digits: 6, period: 30 }, code: '790195' },
  { issuer: 'SPDX', label: 'James', otp: { type: 'totp', secret: '5OM4WOOGPLQEF6UGN3CPEOOLWU', algorithm: 'SHA256', digits: 7, period: 20 }, code: '9993814' },
  { issuer: 'Airbnb', label: 'Elijah', otp: { type: 'totp', secret: '7ELGJSGXNCCTV3O6LKJWYFV2RA', algorithm: 'SHA512', digits: 8, period: 50 }, code: '65516786' },
  { issuer: 'Issuu', label: 'James', otp: { type: 'hotp', secret: 'YOOMIXWS5GN6RTBPUFFWKTW5M4', algorithm: 'SHA1', digits: 6, counter: 1 }, code: '253717' },
  { issuer: 'Air Canada', label: 'Benjamin', otp: { type: 'hotp', secret: 'KUVJJOM753IHTNDSZVCNKL7GII', algorithm: 'SHA256', digits: 7, counter: 50 }, code: '4444976' },
  { issuer: 'WWE', label: 'Mason', otp: { type: 'hotp', secret: '5VAML3X35THCEBVRLV24CGBKOY', algorithm: 'SHA512', digits: 8, counter: 10300 }, code: '24622277' },
  { issuer: 'Boeing', label: 'Sophia', otp: { type: 'steam', secret: 'JRZCL47CMXVOQMNPZR2F7J4RGI', period: 30 }, code: '747JR' },
];

/** The shared accounts a format without HOTP can hold (Proton: TOTP and Steam only). */
export const SHARED_TIME_BASED: readonly SharedAccount[] = SHARED_ACCOUNTS.filter((a) => a.otp.type !== 'hotp');

/** Asserts that `entries` are exactly `expected`, in order, with the right codes. */
export function expectSharedAccounts(entries: readonly (ParsedEntry | FailedEntry)[], expected: readonly SharedAccount[]): void {
  expect(entries.map((e) => (e.ok ? 'ok' : `${e.code}: ${e.reason}`))).toEqual(expected.map(() => 'ok'));
  entries.forEach((entry, i) => {
    const want = expected[i];
    if (!entry.ok || want === undefined) throw new Error('unreachable');
    expect({ issuer: entry.account.issuer, label: entry.account.label, otp: entry.account.otp }).toEqual({
      issuer: want.issuer,
      label: want.label,
      otp: want.otp,
    });
    expect(codeFor(entry.account.otp, 1_700_000_000_000).code).toBe(want.code);
  });
}
