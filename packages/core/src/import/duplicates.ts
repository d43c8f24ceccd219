/**
 * The duplicate lookup of imports. One key covers both rules an import applies: the vault's
 * duplicate rule (`addAccount` refuses the same secret bytes under the same issuer and label,
 * ignoring case) and the account fingerprint. For an OTP account the fingerprint hashes the
 * type, algorithm, digits, period, secret bytes and both names folded (NFC, lower case); two
 * accounts with equal fingerprints therefore always have equal keys, so a fingerprint match is
 * found without hashing anything (a property test holds this). Names are folded as the
 * fingerprint folds them; vault and imported names are NFC already, so for them this is the
 * vault's rule exactly.
 *
 * @module
 */
import { decodeBase32 } from '../encoding/base32.js';
import { describeAccount } from '../vault/duplicate.js';
import { orderedAccounts } from '../vault/order.js';
import { otpOf } from '../vault/secret.js';
import type { OtpParameters } from '../otp/types.js';
import type { Vault } from '../vault/types.js';
import type { ImportedAccount } from './types.js';

/** Where an account already is: in the vault (with its id) or earlier in the export. */
export interface Known {
  readonly description: string;
  readonly existingId?: string;
}

// Accounts are immutable, so their keys can be remembered: planning and then applying an import
// (which checks again) would otherwise compute every key of the vault and the export twice.
const KEYS = new WeakMap<object, string>();

function fold(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

function keyOf(of: object, issuer: string, label: string, otp: OtpParameters): string {
  let key = KEYS.get(of);
  if (key === undefined) {
    // The secret's bytes as one character each, made in one call, and led by their count so the
    // names after them still split as before (the bytes may include U+0000). It saves little:
    // for 10,000 accounts with 20-byte secrets (Node 20, a busy 2-CPU machine, warm, 11
    // alternating runs) the secrets' part took ~1 ms against ~2 ms as a hex pair per byte, of
    // whole keys at 6.6 ms against 6.7 ms (lowest run) — folding the names is most of a key.
    // `apply` takes the bytes as they are; a spread would walk them through the iterator protocol.
    const secret = String.fromCharCode.apply(null, decodeBase32(otp.secret) as unknown as number[]);
    key = `${secret.length}\u0000${secret}${fold(issuer)}\u0000${fold(label)}`;
    KEYS.set(of, key);
  }
  return key;
}

/** The vault's accounts and the entries seen so far, by duplicate key. */
export class DuplicateIndex {
  readonly #known = new Map<string, Known>();

  /** An index of `vault`'s accounts (empty without a vault); accounts without a secret have no key. */
  static of(vault: Vault | undefined): DuplicateIndex {
    const index = new DuplicateIndex();
    for (const account of vault === undefined ? [] : orderedAccounts(vault)) {
      const otp = otpOf(account);
      if (otp === undefined) continue;
      const key = keyOf(account, account.issuer, account.label, otp);
      if (!index.#known.has(key)) index.#known.set(key, { description: `already in the vault as ${describeAccount(account)}`, existingId: account.id });
    }
    return index;
  }

  /** The duplicate key of an imported account. */
  static keyOf(account: ImportedAccount): string {
    return keyOf(account, account.issuer, account.label, account.otp);
  }

  /** Where an account with `key` already is, if anywhere. */
  find(key: string): Known | undefined {
    return this.#known.get(key);
  }

  /** Records entry `name` of the export being imported under `key` (the first one stays). */
  add(key: string, name: string): void {
    if (!this.#known.has(key)) this.#known.set(key, { description: `the same account as ${name}, earlier in this file` });
  }
}
