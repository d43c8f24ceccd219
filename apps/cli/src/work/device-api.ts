/**
 * The authenticator's side of push approval v1 (docs/formats/push-approval-v1.md): a fresh
 * device token for every request, the pending approvals, and signed answers. The server's
 * refusals that a person can act on become typed errors: a revoked device, an expired or
 * already answered approval, a wrong number.
 *
 * @module
 */
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { sendJson } from '../admin/http.js';
import { isServerRequestError, terminalSafe } from '../admin/server-error.js';
import { base64url, signJws } from './es256.js';
import type { LoadedWorkKey } from './key-store.js';

/** The `typ` of a device token and of an approval proof. */
export const DEVICE_TOKEN_TYPE = 'tessera-device+jwt';
export const APPROVAL_PROOF_TYPE = 'tessera-approval+jws';
/** Lifetime of the device tokens made here (the server allows up to 300 s). */
export const DEVICE_TOKEN_LIFETIME_S = 120;

/** A sign-in waiting for this device's answer. */
export interface PendingApproval {
  readonly id: string;
  readonly app: string;
  readonly ip: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly nonce: string;
}

/** The answer: approve (with the number typed), deny, or report ("this wasn't me"). */
export type Decision = 'approve' | 'deny' | 'report';

/**
 * A device token (ES256 JWT) for one request.
 *
 * @example
 * ```ts
 * const token = await deviceToken(io, key); // Authorization: Bearer <token>
 * ```
 */
export async function deviceToken(io: CliIo, key: LoadedWorkKey): Promise<string> {
  const iat = Math.floor(io.now() / 1000);
  const claims = { aud: key.audience, sub: key.registrationId, jti: base64url(io.random(24)), iat, exp: iat + DEVICE_TOKEN_LIFETIME_S };
  return signJws(key.key, { typ: DEVICE_TOKEN_TYPE }, claims);
}

const TYPED: Readonly<Record<string, { code: ConstructorParameters<typeof CliError>[0]; message: string }>> = {
  ERR_DEVICE_REVOKED: { code: 'ERR_WORK_DEVICE_REVOKED', message: 'The organisation removed this device\'s registration; run `tessera work restore` to register it again.' },
  ERR_APPROVAL_EXPIRED: { code: 'ERR_WORK_APPROVAL_EXPIRED', message: 'The sign-in request expired before it was answered; start the sign-in again.' },
  ERR_APPROVAL_DECIDED: { code: 'ERR_WORK_APPROVAL_DECIDED', message: 'The sign-in request was already answered.' },
  ERR_APPROVAL_NUMBER_MISMATCH: { code: 'ERR_WORK_NUMBER_MISMATCH', message: 'That is not the number the sign-in screen shows; the sign-in was refused.' },
};

/** Turns the server's push-approval refusals into the CLI's typed errors; others pass through. */
export function typedDeviceError(error: unknown): unknown {
  if (!isServerRequestError(error) || error.serverCode === undefined) return error;
  const typed = TYPED[error.serverCode];
  return typed === undefined ? error : new CliError(typed.code, typed.message, { cause: error });
}

/**
 * `call` with a fresh device token of `key`; the server's refusals a person can act on come back
 * as typed errors (every request of the device API goes through here).
 *
 * @example
 * ```ts
 * const response = await asDevice(io, key, (bearer) => send({ url, bearer }));
 * ```
 */
export async function asDevice<T>(io: CliIo, key: LoadedWorkKey, call: (bearer: string) => Promise<T>): Promise<T> {
  try {
    return await call(await deviceToken(io, key));
  } catch (error) {
    throw typedDeviceError(error);
  }
}

function text(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
}

/** A PendingApproval from untrusted JSON, or undefined when it is not one. */
export function parsePendingApproval(value: unknown): PendingApproval | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const id = text(v['id'], 64);
  const nonce = text(v['nonce'], 256);
  const { createdAt, expiresAt } = v;
  if (id === undefined || nonce === undefined || typeof createdAt !== 'number' || typeof expiresAt !== 'number') return undefined;
  return { id, nonce, createdAt, expiresAt, app: terminalSafe(text(v['app'], 300) ?? 'an app', 120), ip: terminalSafe(text(v['ip'], 100) ?? 'unknown', 60) };
}

/** The approvals waiting for this device, oldest first. */
export async function listPendingApprovals(io: CliIo, key: LoadedWorkKey): Promise<PendingApproval[]> {
  const body = await asDevice(io, key, (bearer) => sendJson({ url: `${key.serverUrl}/api/device/approvals`, bearer }));
  const list = (body as { approvals?: unknown } | undefined)?.approvals;
  return Array.isArray(list) ? list.flatMap((item) => parsePendingApproval(item) ?? []) : [];
}

/**
 * Answers `approval` with a proof signed by the device key; returns the server's status.
 *
 * @example
 * ```ts
 * await answerApproval(io, key, approval, 'approve', '42'); // → 'approved'
 * ```
 */
export async function answerApproval(io: CliIo, key: LoadedWorkKey, approval: PendingApproval, decision: Decision, number: string | null): Promise<string> {
  const proof = await signJws(key.key, { typ: APPROVAL_PROOF_TYPE }, {
    approvalId: approval.id, decision, number: decision === 'approve' ? number : null, nonce: approval.nonce, iat: Math.floor(io.now() / 1000),
  });
  const body = { decision, ...(decision === 'approve' && number !== null ? { number } : {}), proof };
  const answer = await asDevice(io, key, (bearer) => sendJson({ url: `${key.serverUrl}/api/device/approvals/${encodeURIComponent(approval.id)}`, bearer, json: body }));
  const status = (answer as { status?: unknown } | undefined)?.status;
  return typeof status === 'string' ? terminalSafe(status, 20) : 'unknown';
}
