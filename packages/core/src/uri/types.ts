/**
 * The shape of an `otpauth://` URI once parsed: who issued the account, the account's name, the
 * parameters that compute its codes, and the optional icon some apps attach. The same value goes
 * into {@link formatOtpauthUri} and comes out of {@link parseOtpauthUri}.
 *
 * @module
 */
import type { OtpParameters } from '../otp/types.js';
import type { AccountIcon } from '../vault/types.js';

/** An account as an `otpauth://` URI describes it. */
export interface OtpauthUri {
  /** The service, e.g. `Example`; `''` when the URI names none. */
  readonly issuer: string;
  /** The account name, never empty, e.g. `alice@google.com`. */
  readonly label: string;
  readonly otp: OtpParameters;
  /** Present only when the URI carried a usable `image` and/or `color`. */
  readonly icon?: AccountIcon;
}

/**
 * The longest URI, in UTF-16 code units, that {@link parseOtpauthUri} reads and
 * {@link formatOtpauthUri} writes. A real URI is under 300 characters; 64 KiB leaves room for an
 * inline `data:image/…` icon while bounding the work a hostile QR code or paste can cause.
 */
export const MAX_OTPAUTH_URI_LENGTH = 65_536;
