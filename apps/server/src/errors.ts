/**
 * Typed errors of `tessera-server`. Anything caused by the outside world — a request that breaks
 * a rule, a wrong credential, a tenant boundary — is a {@link ServerError} with a stable
 * {@link ServerErrorCode}. The HTTP status for every code lives in one table,
 * {@link HTTP_STATUS}, so routes never pick statuses themselves. Messages are shown to clients
 * and never contain secrets, passwords, codes or whether an account exists.
 *
 * @module
 */

/** Every error code the server can answer with. Stable: never renamed, only added. */
export type ServerErrorCode =
  // requests
  | 'ERR_BAD_REQUEST'
  | 'ERR_VALIDATION'
  | 'ERR_BODY_TOO_LARGE'
  | 'ERR_UNSUPPORTED_MEDIA_TYPE'
  | 'ERR_NOT_FOUND'
  | 'ERR_CSRF'
  // authentication and sessions
  | 'ERR_UNAUTHENTICATED'
  | 'ERR_SIGN_IN_FAILED'
  | 'ERR_THROTTLED'
  | 'ERR_STEP_UP_REQUIRED'
  | 'ERR_FORBIDDEN'
  | 'ERR_TAP_ONLY_REGISTRATION'
  // directory
  | 'ERR_SETUP_TOKEN_INVALID'
  | 'ERR_TENANT_EXISTS'
  | 'ERR_USER_EXISTS'
  | 'ERR_PASSWORD_POLICY'
  | 'ERR_METHOD_EXISTS'
  | 'ERR_TAP_POLICY'
  | 'ERR_TAP_SELF'
  | 'ERR_OTP_INVALID'
  | 'ERR_ENROLLMENT_INVALID'
  // authenticator devices and push approval
  | 'ERR_DEVICE_KEY_INVALID'
  | 'ERR_DEVICE_EXISTS'
  | 'ERR_DEVICE_TOKEN_INVALID'
  | 'ERR_DEVICE_REVOKED'
  | 'ERR_NO_DEVICE'
  | 'ERR_PUSH_CAPPED'
  | 'ERR_PUSH_LOCKED'
  | 'ERR_APPROVAL_NOT_FOUND'
  | 'ERR_APPROVAL_EXPIRED'
  | 'ERR_APPROVAL_DECIDED'
  | 'ERR_APPROVAL_PROOF_INVALID'
  | 'ERR_APPROVAL_REPLAYED'
  | 'ERR_APPROVAL_NUMBER_MISMATCH'
  // configuration and delivery
  | 'ERR_CONFIG_INVALID'
  | 'ERR_DELIVERY_FAILED'
  | 'ERR_INTERNAL';

/** HTTP status for each code: the one place where codes meet HTTP. */
export const HTTP_STATUS: Readonly<Record<ServerErrorCode, number>> = {
  ERR_BAD_REQUEST: 400,
  ERR_VALIDATION: 400,
  ERR_BODY_TOO_LARGE: 413,
  ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_NOT_FOUND: 404,
  ERR_CSRF: 403,
  ERR_UNAUTHENTICATED: 401,
  ERR_SIGN_IN_FAILED: 401,
  ERR_THROTTLED: 429,
  ERR_STEP_UP_REQUIRED: 401,
  ERR_FORBIDDEN: 403,
  ERR_TAP_ONLY_REGISTRATION: 403,
  ERR_SETUP_TOKEN_INVALID: 401,
  ERR_TENANT_EXISTS: 409,
  ERR_USER_EXISTS: 409,
  ERR_PASSWORD_POLICY: 422,
  ERR_METHOD_EXISTS: 409,
  ERR_TAP_POLICY: 422,
  ERR_TAP_SELF: 403,
  ERR_OTP_INVALID: 401,
  ERR_ENROLLMENT_INVALID: 400,
  ERR_DEVICE_KEY_INVALID: 400,
  ERR_DEVICE_EXISTS: 409,
  ERR_DEVICE_TOKEN_INVALID: 401,
  ERR_DEVICE_REVOKED: 401,
  ERR_NO_DEVICE: 409,
  ERR_PUSH_CAPPED: 429,
  ERR_PUSH_LOCKED: 423,
  ERR_APPROVAL_NOT_FOUND: 404,
  ERR_APPROVAL_EXPIRED: 410,
  ERR_APPROVAL_DECIDED: 409,
  ERR_APPROVAL_PROOF_INVALID: 401,
  ERR_APPROVAL_REPLAYED: 409,
  ERR_APPROVAL_NUMBER_MISMATCH: 403,
  ERR_CONFIG_INVALID: 500,
  ERR_DELIVERY_FAILED: 502,
  ERR_INTERNAL: 500,
};

/** A failure with a stable code; `expose` says whether the message may reach the client. */
export class ServerError extends Error {
  override readonly name = 'ServerError';
  readonly code: ServerErrorCode;
  readonly status: number;
  /** Extra machine-readable facts for the client (e.g. `retryAfterSeconds`); never secrets. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ServerErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = HTTP_STATUS[code];
    this.details = options?.details;
  }

  /** 5xx messages are replaced by a generic one before they reach a client. */
  get expose(): boolean {
    return this.status < 500;
  }
}

/** Narrowing helper for catch blocks. */
export function isServerError(error: unknown, code?: ServerErrorCode): error is ServerError {
  return error instanceof ServerError && (code === undefined || error.code === code);
}
