/**
 * The keyring: every backup identity a person has had, the current one first. Its plaintext is
 * an ordinary age identity file, so with stock tools `age -d keyring.age > key.txt` followed by
 * `age -d -i key.txt snapshot.age` opens a backup (for a classic keyring; age 1.1.1 does not
 * know hybrid identities):
 *
 *     # tessera keyring v1
 *     # created: 2026-01-31T09:00:00.000Z
 *     AGE-SECRET-KEY-PQ-1…   ← current: new snapshots are encrypted to its recipient
 *     AGE-SECRET-KEY-1…      ← rotated away: still opens the older snapshots
 *
 * Rotation puts a new identity first and keeps the old ones, so older generations stay
 * readable until they are pruned. Decoding is strict: the header line, one `# created:` line,
 * then only valid, distinct identities (other `#` comments are ignored, as age does).
 *
 * @module
 */
import { CoreError } from '@tessera/core';
import { fromUtf8, utf8 } from './internal/bytes.js';
import { generateBackupIdentity, identityKind, recipientOf, type BackupIdentityKind } from './identity.js';

/** The first line of every keyring: format and version. */
export const KEYRING_HEADER = '# tessera keyring v1';
/** Most identities a keyring may hold (rotations are rare; this bounds hostile input). */
export const MAX_KEYRING_IDENTITIES = 64;

const CREATED_PREFIX = '# created: ';
const NOTE = '# The first identity is the current one; the ones after it were rotated away and open older backups.';

/** The decrypted keyring. */
export interface Keyring {
  /** When the keyring was first created, in milliseconds since the epoch. */
  readonly createdAt: number;
  /** Every identity, the current one first, then older ones newest first. */
  readonly identities: readonly string[];
}

/**
 * A new keyring with one fresh identity.
 *
 * @example
 * ```ts
 * const keyring = await createKeyring({ kind: 'hybrid', now: Date.now() });
 * const recipient = await recipientOf(currentIdentity(keyring));
 * ```
 */
export async function createKeyring(options: { readonly kind?: BackupIdentityKind; readonly now: number }): Promise<Keyring> {
  checkTime(options.now);
  const { identity } = await generateBackupIdentity(options.kind ?? 'hybrid');
  return { createdAt: options.now, identities: [identity] };
}

/**
 * The keyring with a new current identity; the previous ones are kept (after it) so older
 * snapshots stay readable. The recovery key changes with it: print the new one.
 *
 * @example
 * ```ts
 * const rotated = await rotateKeyring(keyring, 'hybrid');
 * rotated.identities.slice(1); // the old identities
 * ```
 * @throws {RangeError} when the keyring already holds {@link MAX_KEYRING_IDENTITIES}.
 */
export async function rotateKeyring(keyring: Keyring, kind: BackupIdentityKind = 'hybrid'): Promise<Keyring> {
  if (keyring.identities.length >= MAX_KEYRING_IDENTITIES) {
    throw new RangeError(`A keyring holds at most ${MAX_KEYRING_IDENTITIES} identities.`);
  }
  const { identity } = await generateBackupIdentity(kind);
  return { createdAt: keyring.createdAt, identities: [identity, ...keyring.identities] };
}

/**
 * The current identity (the one new snapshots are encrypted to, and the recovery key).
 *
 * @example
 * ```ts
 * console.log(`Recovery key: ${currentIdentity(keyring)}`);
 * ```
 */
export function currentIdentity(keyring: Keyring): string {
  const identity = keyring.identities[0];
  if (identity === undefined) throw new TypeError('A keyring holds at least one identity.');
  return identity;
}

/**
 * The recipient of the current identity: what new snapshots are encrypted to.
 *
 * @example
 * ```ts
 * const file = await encryptSnapshot(plaintext, [await currentRecipient(keyring)]);
 * ```
 */
export function currentRecipient(keyring: Keyring): Promise<string> {
  return recipientOf(currentIdentity(keyring));
}

/**
 * The keyring as an age identity file (UTF-8).
 *
 * @example
 * ```ts
 * decodeKeyring(encodeKeyring(keyring)); // equal to keyring
 * ```
 * @throws {TypeError} for a keyring {@link decodeKeyring} would refuse.
 */
export function encodeKeyring(keyring: Keyring): Uint8Array {
  checkTime(keyring.createdAt);
  checkIdentities(keyring.identities, (reason) => new TypeError(`Invalid keyring: ${reason}.`));
  const lines = [KEYRING_HEADER, `${CREATED_PREFIX}${new Date(keyring.createdAt).toISOString()}`, NOTE, ...keyring.identities];
  return utf8(`${lines.join('\n')}\n`);
}

/**
 * Parses a keyring's plaintext. Anything but a well-formed keyring is `ERR_KEYRING_CORRUPT`.
 *
 * @example
 * ```ts
 * const keyring = decodeKeyring(plaintext);
 * ```
 */
export function decodeKeyring(bytes: Uint8Array): Keyring {
  const text = fromUtf8(bytes);
  if (text === undefined) throw corrupt('it is not UTF-8 text');
  if (!text.endsWith('\n')) throw corrupt('it does not end with a line break');
  const [header, created, ...rest] = text.slice(0, -1).split('\n');
  if (header !== KEYRING_HEADER) throw corrupt(`the first line is not "${KEYRING_HEADER}"`);
  const createdAt = parseCreated(created);
  const identities = rest.filter((line) => !line.startsWith('#'));
  checkIdentities(identities, corrupt);
  return { createdAt, identities };
}

function parseCreated(line: string | undefined): number {
  if (line?.startsWith(CREATED_PREFIX) !== true) throw corrupt('the second line is not its creation time');
  const iso = line.slice(CREATED_PREFIX.length);
  const time = Date.parse(iso);
  if (!Number.isFinite(time) || time < 0 || new Date(time).toISOString() !== iso) throw corrupt('its creation time is malformed');
  return time;
}

function checkIdentities(identities: readonly string[], fail: (message: string) => Error): void {
  if (identities.length === 0) throw fail('it holds no identity');
  if (identities.length > MAX_KEYRING_IDENTITIES) throw fail(`it holds more than ${MAX_KEYRING_IDENTITIES} identities`);
  identities.forEach((identity, index) => {
    if (identityKind(identity) === undefined) throw fail(`identity ${index + 1} is not a valid age identity`);
  });
  if (new Set(identities).size !== identities.length) throw fail('it holds the same identity twice');
}

function checkTime(ms: number): void {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > 253402300799999) throw new RangeError('A time must be whole milliseconds between 1970 and 9999.');
}

function corrupt(reason: string): CoreError {
  return new CoreError('ERR_KEYRING_CORRUPT', `The backup keyring is malformed: ${reason}.`);
}
