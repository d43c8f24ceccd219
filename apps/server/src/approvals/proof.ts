/**
 * The device's proof of a decision: a compact JWS, signed with the device key (ES256, header
 * `typ: 'tessera-approval+jws'`), over the JSON `{ approvalId, decision, number, nonce, iat }`.
 * The nonce is the approval's own random value, so a proof says "this device decided this on
 * that one approval" and nothing else: replayed to another approval or sign-in, it names the
 * wrong approval and nonce and is refused.
 *
 * @module
 */
import { compactVerify, errors as joseErrors, importJWK } from 'jose';
import { hasCanonicalEs256Signature } from '../devices/device-token.js';
import type { DeviceJwk } from '../devices/jwk.js';
import { ServerError } from '../errors.js';

/** The `typ` header of an approval proof. */
export const APPROVAL_PROOF_TYPE = 'tessera-approval+jws';
/** Longest proof accepted, in characters. */
export const APPROVAL_PROOF_MAX_LENGTH = 2048;

/** A device's answer. `report` = "this wasn't me". */
export type ApprovalDecision = 'approve' | 'deny' | 'report';

/** What a proof asserts. */
export interface ApprovalProofClaims {
  readonly approvalId: string;
  readonly decision: ApprovalDecision;
  /** The typed number (approve), or null. */
  readonly number: string | null;
  readonly nonce: string;
  /** Seconds since the epoch. */
  readonly iat: number;
}

function invalid(why: string): ServerError {
  return new ServerError('ERR_APPROVAL_PROOF_INVALID', `the approval proof is not valid: ${why}`);
}

const MEMBERS = new Set(['approvalId', 'decision', 'number', 'nonce', 'iat']);

function parseClaims(payload: Uint8Array): ApprovalProofClaims {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    throw invalid('the payload is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('the payload is not an object');
  const v = value as Record<string, unknown>;
  if (Object.keys(v).some((k) => !MEMBERS.has(k))) throw invalid('unexpected member');
  const { approvalId, decision, number, nonce, iat } = v;
  if (typeof approvalId !== 'string' || typeof nonce !== 'string' || typeof iat !== 'number' || !Number.isInteger(iat)) throw invalid('missing members');
  if (decision !== 'approve' && decision !== 'deny' && decision !== 'report') throw invalid('unknown decision');
  if (number !== undefined && number !== null && typeof number !== 'string') throw invalid('number must be a string');
  return { approvalId, decision, number: number ?? null, nonce, iat };
}

/**
 * Verifies `proof` with the device's key and returns its claims; throws
 * `ERR_APPROVAL_PROOF_INVALID` for anything but a well-formed ES256 signature by that key.
 */
export async function verifyApprovalProof(jwk: DeviceJwk, proof: string): Promise<ApprovalProofClaims> {
  if (proof.length > APPROVAL_PROOF_MAX_LENGTH) throw invalid('too long');
  if (!hasCanonicalEs256Signature(proof)) throw invalid('bad signature');
  try {
    const key = await importJWK({ ...jwk }, 'ES256');
    const { payload, protectedHeader } = await compactVerify(proof, key, { algorithms: ['ES256'] });
    if (protectedHeader.typ !== APPROVAL_PROOF_TYPE) throw invalid('wrong typ');
    return parseClaims(payload);
  } catch (error) {
    if (error instanceof ServerError) throw error;
    if (error instanceof joseErrors.JOSEError) throw invalid('bad signature');
    throw error;
  }
}
