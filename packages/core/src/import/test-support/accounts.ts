/**
 * The shared test accounts of formats.md §1 ("Codes I computed from the Aegis shared test
 * accounts"), with the codes the spec gives for them, for checking that an importer maps every
 * parameter so the codes come out right.
 *
 * @module
 */
import { decodeBase32 } from '../../encoding/base32.js';

/** One test account and a code the spec computed for it. */
export interface SpecAccount {
  readonly issuer: string;
  readonly label: string;
  readonly type: 'totp' | 'hotp' | 'steam';
  readonly secret: string;
  readonly algorithm: 'SHA1' | 'SHA256' | 'SHA512';
  readonly digits: number;
  readonly period?: number;
  readonly counter?: number;
  /** `[timestamp ms or counter, code]`. */
  readonly check: readonly [number, string];
}

export const SPEC_ACCOUNTS: readonly SpecAccount[] = [
  { issuer: 'Deno', label: 'Mason', type: 'totp', secret: '4SJHB4GSD43FZBAI7C2HLRJGPQ', algorithm: 'SHA1', digits: 6, period: 30, check: [1_700_000_000_000, '790195'] },
  { issuer: 'SPDX', label: 'James', type: 'totp', secret: '5OM4WOOGPLQEF6UGN3CPEOOLWU', algorithm: 'SHA256', digits: 7, period: 20, check: [1_700_000_000_000, '9993814'] },
  { issuer: 'Airbnb', label: 'Elijah', type: 'totp', secret: '7ELGJSGXNCCTV3O6LKJWYFV2RA', algorithm: 'SHA512', digits: 8, period: 50, check: [1_700_000_000_000, '65516786'] },
  { issuer: 'Issuu', label: 'James', type: 'hotp', secret: 'YOOMIXWS5GN6RTBPUFFWKTW5M4', algorithm: 'SHA1', digits: 6, counter: 1, check: [1, '253717'] },
  { issuer: 'Air Canada', label: 'Benjamin', type: 'hotp', secret: 'KUVJJOM753IHTNDSZVCNKL7GII', algorithm: 'SHA256', digits: 7, counter: 50, check: [50, '4444976'] },
  { issuer: 'WWE', label: 'Mason', type: 'hotp', secret: '5VAML3X35THCEBVRLV24CGBKOY', algorithm: 'SHA512', digits: 8, counter: 10300, check: [10300, '24622277'] },
  { issuer: 'Boeing', label: 'Sophia', type: 'steam', secret: 'JRZCL47CMXVOQMNPZR2F7J4RGI', algorithm: 'SHA1', digits: 5, period: 30, check: [1_700_000_000_000, '747JR'] },
];

/** The secret as Java's signed bytes, as FreeOTP+ writes it. */
export function signedBytes(secret: string): number[] {
  return Array.from(decodeBase32(secret), (b) => (b > 127 ? b - 256 : b));
}
