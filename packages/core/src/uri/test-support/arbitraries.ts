/**
 * fast-check arbitraries for otpauth URIs: valid accounts (names full of the characters that
 * break naive codecs) and mutations of valid URIs for the fuzz property.
 *
 * @module
 */
import fc from 'fast-check';
import { encodeBase32 } from '../../encoding/base32.js';
import { isSafeName } from '../../internal/safe-text.js';
import type { OtpParameters } from '../../otp/types.js';
import { MAX_HOTP_COUNTER } from '../../otp/validate.js';
import type { AccountIcon } from '../../vault/types.js';
import type { OtpauthUri } from '../types.js';

const TRICKY = ['%', '&', '=', '+', ':', ' ', '#', '?', '/', '@', '%3A', '%20', '\u00e9', '\u{1F98A}', '\u{1F469}\u200D\u{1F4BB}', 'می\u200Cخواهم'];

/** Text mixing the characters URI codecs get wrong with arbitrary Unicode. */
export const trickyText: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 })), { maxLength: 8 })
  .map((parts) => parts.join(''))
  .filter(isSafeName);

/** A label the codec can carry: not empty and not holding exactly one colon. */
export const label: fc.Arbitrary<string> = trickyText.filter((text) => text !== '' && text.split(':').length !== 2);

const secret = fc.uint8Array({ minLength: 1, maxLength: 64 }).map(encodeBase32);
const algorithm = fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const);
const digits = fc.integer({ min: 6, max: 10 });
const period = fc.integer({ min: 1, max: 86_400 });
// Plain objects, as the parser builds them (toStrictEqual compares prototypes).
const plain = { noNullPrototype: true } as const;

/** Valid OTP parameters of every type, in canonical form. */
export const otpParameters: fc.Arbitrary<OtpParameters> = fc.oneof(
  fc.record({ type: fc.constant('totp' as const), secret, algorithm, digits, period }, plain),
  fc.record({ type: fc.constant('hotp' as const), secret, algorithm, digits, counter: fc.integer({ min: 0, max: MAX_HOTP_COUNTER }) }, plain),
  fc.record({ type: fc.constant('steam' as const), secret, period }, plain),
);

const image = fc.oneof(
  fc.webUrl({ validSchemes: ['https'], withQueryParameters: true, withFragments: true }),
  fc.base64String({ minLength: 4, maxLength: 64 }).map((data) => `data:image/png;base64,${data}`),
);
const color = fc.stringMatching(/^[0-9A-F]{6}$/);

/** An icon with at least one part (an empty icon is written as no icon). */
export const icon: fc.Arbitrary<AccountIcon> = fc
  .record({ image, color }, { requiredKeys: [], ...plain })
  .filter((value) => value.image !== undefined || value.color !== undefined);

/** Any account `formatOtpauthUri` accepts, in the canonical form `parseOtpauthUri` returns. */
export const otpauthUri: fc.Arbitrary<OtpauthUri> = fc
  .record({ issuer: trickyText, label, otp: otpParameters, icon }, { requiredKeys: ['issuer', 'label', 'otp'], ...plain });

/** Small edits to a string: delete, insert, replace or duplicate a slice. */
export function mutate(text: string): fc.Arbitrary<string> {
  const position = fc.nat({ max: text.length });
  const junk = fc.oneof(
    fc.constantFrom('%', '%2', '%3A', ':', '&', '=', '?', '/', '#', '+', '&secret=', '&digits=', '%00', '%C3', '\n', '\uD800'),
    fc.string({ unit: 'binary', maxLength: 4 }),
  );
  return fc.oneof(
    fc.tuple(position, position).map(([a, b]) => text.slice(0, Math.min(a, b)) + text.slice(Math.max(a, b))),
    fc.tuple(position, junk).map(([at, insert]) => text.slice(0, at) + insert + text.slice(at)),
    fc.tuple(position, junk).map(([at, insert]) => text.slice(0, at) + insert + text.slice(at + 1)),
    fc.tuple(position, position).map(([a, b]) => text + '&' + text.slice(Math.min(a, b), Math.max(a, b))),
  );
}
