/**
 * Reads the OTP parameters of an otpauth URI (`secret`, `algorithm`, `digits`, `period`,
 * `counter`, `encoder`) and hands them to `validateOtpParameters`, so a URI accepts exactly what
 * the vault and the importers accept. What this module adds is the URI's own spelling: numbers
 * written strictly in decimal, algorithm names in the forms apps write, and Steam's two dialects.
 *
 * @module
 */
import { CoreError } from '../errors.js';
import { HASH_ALGORITHMS, type HashAlgorithm, type OtpParameters, type OtpType } from '../otp/types.js';
import { validateOtpParameters } from '../otp/validate.js';
import { formDecode, percentDecode } from './percent.js';
import type { KnownParameter, QueryParameters } from './query.js';

// `SHA1`, `sha512` (Ente), `HmacSHA256` (Java's `Mac` names), `SHA-256`.
const ALGORITHM = /^(?:hmac-?)?sha-?(1|256|512)$/i;
// Real algorithms some apps offer (FreeOTP: SHA224/SHA384; mOTP: MD5) that Tessera does not.
const UNSUPPORTED_ALGORITHM = /^(?:hmac-?)?(?:sha-?(?:224|384)|md5)$/i;
const DECIMAL = /^[0-9]+$/;

function paramsError(message: string): CoreError {
  return new CoreError('ERR_OTP_PARAMS_INVALID', message);
}

/** Plain decimal digits only: `6.0`, `0x6`, `6e0`, `+6`, ` 6` and `` are all refused. */
function decimalOf(params: QueryParameters, name: KnownParameter): number | undefined {
  const raw = params.get(name);
  if (raw === undefined) {
    return undefined;
  }
  const text = formDecode(raw, name);
  if (!DECIMAL.test(text)) {
    throw paramsError(`${name} must be a decimal integer, got "${text.slice(0, 20)}".`);
  }
  return Number(text);
}

function algorithmOf(params: QueryParameters): HashAlgorithm | undefined {
  const raw = params.get('algorithm');
  if (raw === undefined) {
    return undefined;
  }
  const text = formDecode(raw, 'algorithm');
  const bits = ALGORITHM.exec(text)?.[1];
  const algorithm = HASH_ALGORITHMS.find((name) => name === `SHA${bits ?? ''}`);
  if (algorithm !== undefined) {
    return algorithm;
  }
  if (UNSUPPORTED_ALGORITHM.test(text)) {
    throw new CoreError('ERR_URI_UNSUPPORTED', `The ${text} algorithm is not supported.`);
  }
  throw paramsError(`algorithm must be SHA1, SHA256 or SHA512, got "${text.slice(0, 20)}".`);
}

/**
 * `otpauth://steam/…` (Aegis, Ente, 2FAS) and `otpauth://totp/…&encoder=steam` (KeePassXC) both
 * mean Steam Guard. Any other encoder would turn the HMAC into characters some unknown way, and
 * showing plain digits instead would be silently wrong codes, so it is unsupported.
 */
function kindOf(type: OtpType, params: QueryParameters): OtpType {
  const raw = params.get('encoder');
  if (raw === undefined) {
    return type;
  }
  const encoder = formDecode(raw, 'encoder').toLowerCase();
  if (encoder === 'steam' && type !== 'hotp') {
    return 'steam';
  }
  throw new CoreError('ERR_URI_UNSUPPORTED', `The "${encoder.slice(0, 20)}" encoder is not supported for ${type}.`);
}

/**
 * Steam codes are always 5 characters from HMAC-SHA1. Apps write `digits=5&algorithm=SHA1` on
 * Steam URIs and those are accepted; any other value contradicts the type, and guessing which of
 * the two the author meant could show wrong codes, so it is refused.
 */
function checkSteamExtras(params: QueryParameters): void {
  const digits = decimalOf(params, 'digits');
  if (digits !== undefined && digits !== 5) {
    throw paramsError(`A Steam account has 5 characters, not ${digits}.`);
  }
  const algorithm = algorithmOf(params);
  if (algorithm !== undefined && algorithm !== 'SHA1') {
    throw paramsError(`A Steam account uses SHA1, not ${algorithm}.`);
  }
}

/**
 * Reads and validates the OTP parameters for a URI of the given type. Parameters that do not
 * belong to the type are ignored, not validated: Ente writes `period` on HOTP URIs.
 *
 * @throws {CoreError} `ERR_SECRET_INVALID`, `ERR_OTP_PARAMS_INVALID`, `ERR_URI_UNSUPPORTED` or
 *   `ERR_URI_INVALID` (malformed escapes), naming the parameter at fault.
 */
export function readOtpParameters(type: OtpType, params: QueryParameters): OtpParameters {
  const kind = kindOf(type, params);
  const rawSecret = params.get('secret');
  // No `+` decoding here: base32 has no spaces to encode, and a `+` is a corrupt secret.
  const secret = rawSecret === undefined ? undefined : percentDecode(rawSecret, 'secret');
  const period = kind === 'hotp' ? undefined : decimalOf(params, 'period');
  if (kind === 'steam') {
    checkSteamExtras(params);
    return validateOtpParameters({ type: kind, secret, period });
  }
  const algorithm = algorithmOf(params);
  const digits = decimalOf(params, 'digits');
  const counter = kind === 'hotp' ? decimalOf(params, 'counter') : undefined;
  return validateOtpParameters({ type: kind, secret, algorithm, digits, period, counter });
}
