/**
 * The backup identity: the age key pair that every snapshot is encrypted to. By default the
 * post-quantum hybrid (ML-KEM-768 + X25519: `AGE-SECRET-KEY-PQ-1…` / `age1pq1…`); `classic`
 * gives X25519 (`AGE-SECRET-KEY-1…` / `age1…`) for age tools that predate the hybrid, such as
 * Debian's age 1.1.1. Identities are Bech32 (BIP 173) strings of a 32-byte secret, upper-case;
 * the checksum is what lets a mistyped recovery key be caught before anything else happens.
 *
 * @module
 */
import { bech32 } from '@scure/base';
import { generateHybridIdentity, generateX25519Identity, identityToRecipient } from 'age-encryption';

/** `hybrid` (post-quantum ML-KEM-768 + X25519, the default) or `classic` (X25519). */
export type BackupIdentityKind = 'hybrid' | 'classic';

/** A backup identity with its public recipient. */
export interface BackupIdentity {
  /** The secret identity, `AGE-SECRET-KEY-PQ-1…` or `AGE-SECRET-KEY-1…`. */
  readonly identity: string;
  /** The public recipient backups are encrypted to, `age1pq1…` or `age1…`. */
  readonly recipient: string;
  readonly kind: BackupIdentityKind;
}

const PREFIXES: readonly (readonly [string, BackupIdentityKind])[] = [
  ['AGE-SECRET-KEY-PQ-', 'hybrid'],
  ['AGE-SECRET-KEY-', 'classic'],
];

/**
 * Makes a new backup identity. Randomness comes from age-encryption (WebCrypto's CSPRNG).
 *
 * @example
 * ```ts
 * const { identity, recipient } = await generateBackupIdentity('classic');
 * // identity: 'AGE-SECRET-KEY-1…', recipient: 'age1…'
 * ```
 */
export async function generateBackupIdentity(kind: BackupIdentityKind = 'hybrid'): Promise<BackupIdentity> {
  const identity = kind === 'classic' ? await generateX25519Identity() : await generateHybridIdentity();
  return { identity, recipient: await identityToRecipient(identity), kind };
}

/**
 * The kind of a well-formed identity string (exact prefix, upper case, valid Bech32 checksum,
 * 32-byte secret), or `undefined` for anything else.
 *
 * @example
 * ```ts
 * identityKind((await generateBackupIdentity('classic')).identity); // 'classic'
 * identityKind('AGE-SECRET-KEY-1 with a typo'); // undefined
 * ```
 */
export function identityKind(identity: string): BackupIdentityKind | undefined {
  if (identity !== identity.toUpperCase()) return undefined;
  const decoded = bech32.decodeUnsafe(identity);
  if (!decoded) return undefined;
  for (const [prefix, kind] of PREFIXES) {
    if (decoded.prefix.toUpperCase() !== prefix || !identity.startsWith(`${prefix}1`)) continue;
    const bytes = bech32.fromWordsUnsafe(decoded.words);
    return bytes && bytes.length === 32 ? kind : undefined;
  }
  return undefined;
}

/**
 * The public recipient of an identity.
 *
 * @example
 * ```ts
 * const recipient = await recipientOf(keyring.identities[0]); // 'age1pq1…'
 * ```
 * @throws {TypeError} when `identity` is not a valid backup identity.
 */
export async function recipientOf(identity: string): Promise<string> {
  if (identityKind(identity) === undefined) throw new TypeError('Not a valid age identity.');
  return identityToRecipient(identity);
}
