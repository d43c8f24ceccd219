/**
 * Account fingerprints: a stable, non-secret identifier of "the same account" for
 * deduplication on restore and for backup manifests. It is SHA-256 over a length-prefixed list
 * of fields, so no field can bleed into its neighbour, and the secret enters only through the
 * hash. Position, note, icon, groups, timestamps and the HOTP counter are left out on purpose:
 * they change without the account becoming a different one. The exact byte layout is specified
 * in docs/formats/vault-v1.md and must never change silently (the version tag would change).
 *
 * @module
 */
import { decodeBase32 } from '../encoding/base32.js';
import { sha256 } from '../internal/sha256.js';
import { otpOf } from './secret.js';
import type { Account } from './types.js';

const TAG = 'tessera.account-fingerprint.v1';

function fold(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/** The fields of the fingerprint, in their fixed order. */
function fields(account: Account): (string | Uint8Array)[] {
  const otp = otpOf(account);
  const work = account.kind === 'work' ? account.work : undefined;
  return [
    TAG,
    account.kind,
    otp?.type ?? '',
    otp === undefined ? '' : otp.type === 'steam' ? 'SHA1' : otp.algorithm,
    otp === undefined ? '' : otp.type === 'steam' ? '5' : String(otp.digits),
    otp === undefined || otp.type === 'hotp' ? '' : String(otp.period),
    otp === undefined ? new Uint8Array(0) : decodeBase32(otp.secret),
    fold(account.issuer),
    fold(account.label),
    work?.serverUrl ?? '',
    work?.tenantId ?? '',
    work === undefined ? '' : fold(work.username),
  ];
}

function frame(parts: readonly (string | Uint8Array)[]): Uint8Array {
  const encoder = new TextEncoder();
  const bytes = parts.map((p) => (typeof p === 'string' ? encoder.encode(p) : p));
  const out = new Uint8Array(bytes.reduce((n, b) => n + 4 + b.length, 0));
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const b of bytes) {
    view.setUint32(offset, b.length);
    out.set(b, offset + 4);
    offset += 4 + b.length;
  }
  return out;
}

/**
 * The fingerprint of `account`: 64 lower-case hex digits. Equal for two accounts exactly when
 * kind, OTP type, algorithm, digits, period, secret bytes, issuer and label (ignoring case) — and
 * for work accounts server, tenant and username — are equal.
 *
 * @example
 * ```ts
 * accountFingerprint(account); // 'c0535e4b…'
 * ```
 */
export function accountFingerprint(account: Account): string {
  const digest = sha256(frame(fields(account)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
