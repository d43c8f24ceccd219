/**
 * Validation of the details of a work/school account. They come from an organisation's server
 * and from vault files, so they are held to the same rules as names: no control characters,
 * bounded length, the identifiers non-empty.
 *
 * @module
 */
import { CoreError } from '../errors.js';
import { validateStoredOtpParameters } from '../otp/validate.js';
import { checkText } from './fields.js';
import type { WorkDetails } from './types.js';

/** Longest work-account identifier or name, in code points. */
export const MAX_WORK_FIELD_LENGTH = 256;
/** Longest server URL, in characters. */
export const MAX_SERVER_URL_LENGTH = 2048;

// http: is allowed because a development server on localhost has no certificate; the apps
// decide whether to talk to one.
const SERVER_URL = /^https?:\/\/[^\s\p{Cc}]+$/u;

function field(value: unknown, what: string, allowEmpty: boolean): string {
  return checkText(value, { code: 'ERR_ACCOUNT_INVALID', what, max: MAX_WORK_FIELD_LENGTH, allowEmpty });
}

function optionalField(value: unknown, what: string): Readonly<Record<string, string>> {
  return value === undefined ? {} : { [what]: field(value, what, false) };
}

function optionalFlag(value: unknown, what: string): Readonly<Record<string, boolean>> {
  if (value === undefined) return {};
  if (typeof value !== 'boolean') throw new CoreError('ERR_ACCOUNT_INVALID', `${what} must be true or false.`);
  return { [what]: value };
}

/**
 * Canonical work-account details, as read from a vault (an HOTP counter may be used up).
 *
 * @throws {CoreError} `ERR_ACCOUNT_INVALID` for a bad field; `ERR_OTP_PARAMS_INVALID` /
 *   `ERR_SECRET_INVALID` for a bad OATH secret.
 */
export function checkWorkDetails(work: WorkDetails): WorkDetails {
  if (typeof work.serverUrl !== 'string' || work.serverUrl.length > MAX_SERVER_URL_LENGTH || !SERVER_URL.test(work.serverUrl)) {
    throw new CoreError('ERR_ACCOUNT_INVALID', 'The server URL must be an http(s) URL.');
  }
  return {
    serverUrl: work.serverUrl,
    tenantId: field(work.tenantId, 'tenantId', false),
    tenantName: field(work.tenantName, 'tenantName', true),
    username: field(work.username, 'username', false),
    displayName: field(work.displayName, 'displayName', true),
    ...optionalField(work.registrationId, 'registrationId'),
    ...optionalField(work.previousRegistrationId, 'previousRegistrationId'),
    ...optionalField(work.homeTenantId, 'homeTenantId'),
    ...optionalFlag(work.allowSecretBackup, 'allowSecretBackup'),
    ...(work.otp === undefined ? {} : { otp: validateStoredOtpParameters(work.otp) }),
  };
}
