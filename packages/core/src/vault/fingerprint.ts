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

// One encoder and a byte-to-hex table for every call: a restore fingerprints each account of
// the backup, and allocating these per call dominated the cost at 10,000 accounts.
const encoder = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Writes `text` as UTF-8 at `out[at…]` (room for 3 bytes per UTF-16 unit); returns the length. */
function writeUtf8(text: string, out: Uint8Array, at: number): number {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // Non-ASCII: let the platform encoder do it, with the same U+FFFD rule as `encode`.
    if (unit >= 0x80) return encoder.encodeInto(text, out.subarray(at)).written;
    out[at + i] = unit;
  }
  return text.length;
}

/** Each part as a 4-byte big-endian length followed by its bytes (strings as UTF-8). */
function frame(parts: readonly (string | Uint8Array)[]): Uint8Array {
  let room = 0;
  for (const part of parts) room += 4 + (typeof part === 'string' ? 3 * part.length : part.length);
  const out = new Uint8Array(room);
  let offset = 0;
  for (const part of parts) {
    const start = offset + 4;
    let length = part.length;
    if (typeof part === 'string') length = writeUtf8(part, out, start);
    else out.set(part, start);
    out[offset] = length >>> 24;
    out[offset + 1] = (length >>> 16) & 0xff;
    out[offset + 2] = (length >>> 8) & 0xff;
    out[offset + 3] = length & 0xff;
    offset = start + length;
  }
  return out.subarray(0, offset);
}

// Accounts are immutable values (no operation changes one; each returns new objects), so an
// account object's fingerprint never changes. Remembering it per object means a restore hashes
// each backup account once, not once for the manifest check, once for the plan and once more
// when the plan is applied. Weak keys: nothing is kept alive for the cache's sake.
const known = new WeakMap<Account, string>();

/**
 * The fingerprint of `account`: 64 lower-case hex digits. Equal for two accounts exactly when
 * kind, OTP type, algorithm, digits, period, secret bytes, issuer and label (ignoring case) — and
 * for work accounts server, tenant and username — are equal. Accounts are treated as the
 * immutable values the vault operations make them: the result is remembered per object.
 *
 * @example
 * ```ts
 * accountFingerprint(account); // 'c0535e4b…'
 * ```
 */
export function accountFingerprint(account: Account): string {
  const remembered = known.get(account);
  if (remembered !== undefined) return remembered;
  const digest = sha256(frame(fields(account)));
  let hex = '';
  for (const byte of digest) hex += HEX[byte] ?? '';
  known.set(account, hex);
  return hex;
}
