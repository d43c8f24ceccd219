/**
 * `otpauth://` URIs (Google's Key Uri Format and the extensions real apps write): parse what a QR
 * code or an export holds into an account, and format an account back into a URI any
 * authenticator can read.
 *
 * @module
 */
export { formatOtpauthUri } from './format.js';
export { parseOtpauthUri } from './parse.js';
export { MAX_OTPAUTH_URI_LENGTH, type OtpauthUri } from './types.js';
