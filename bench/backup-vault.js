// A large vault for the backup benchmark, built through the core's own operations (so it is valid
// by construction) from a seeded generator (so every run measures the same data). The mix aims
// at a heavy real user: mostly TOTP, some HOTP and Steam; secrets of 10–64 bytes; e-mail labels
// of varied length; a third of the accounts in groups; notes on some, long ones on a few; colour
// icons on half, image URLs on a fifth and small `data:` images on 1%; a few favourites; some
// accounts moved and some deleted (positions with gaps, tombstones).
import { addAccount, addGroup, createVault, encodeBase32, moveAccount, orderedAccounts, removeAccount } from '@tessera/core';

/** @typedef {import('@tessera/core').Vault} Vault */
/** @typedef {import('@tessera/core').OtpParameters} OtpParameters */
/** @typedef {import('@tessera/core').NewAccount} NewAccount */

const ISSUERS = [
  'GitHub', 'Google', 'Microsoft', 'Amazon Web Services', 'Dropbox', 'Slack', 'Discord', 'Twitter', 'Facebook', 'Instagram',
  'LinkedIn', 'Reddit', 'GitLab', 'Bitbucket', 'Atlassian', 'Cloudflare', 'DigitalOcean', 'Heroku', 'Stripe', 'PayPal',
  'Coinbase', 'Kraken', 'Binance', 'Proton', 'Fastmail', 'Tutanota', 'Bitwarden', '1Password', 'npm', 'PyPI',
  'Docker Hub', 'Salesforce', 'Zoom', 'Okta', 'Nextcloud', 'Synology', 'Namecheap', 'Gandi', 'OVHcloud', 'Hetzner',
  'Banque Étoile', 'Sparkasse Köln', 'Steam', 'Epic Games', 'Nintendo', 'Ubisoft', 'Battle.net', '', 'Tesla', 'Wise',
];
const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar', 'peggy', 'trent', 'victor', 'zoë'];
const DOMAINS = ['example.com', 'example.org', 'mail.example.net', 'corp.example.co.uk', 'students.example.edu'];
const WORDS = 'recovery codes printed and kept in the safe, backup phone number ends 4242, shared with the team, rotate yearly, old account'.split(' ');
const GROUPS = ['Work', 'Personal', 'Finance', 'Gaming', 'Servers', 'Family', 'Clients', 'Open source', 'Crypto', 'Shopping', 'Travel', 'Archive'];

/**
 * xorshift32: reproducible bytes. Benchmark data only, never keys.
 *
 * @param {number} seed
 */
function seeded(seed) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>>= 0);
  };
  return {
    /** @param {number} n */
    bytes: (n) => Uint8Array.from({ length: n }, () => next() & 0xff),
    /** @param {number} n */
    below: (n) => next() % n,
    /** @template T @param {readonly T[]} list @returns {T} */
    pick: (list) => /** @type {T} */ (list[next() % list.length]),
    chance: (/** @type {number} */ p) => next() / 0x1_0000_0000 < p,
  };
}

/** @param {ReturnType<typeof seeded>} rnd @returns {OtpParameters} */
function otpFor(rnd) {
  const secret = encodeBase32(rnd.bytes(rnd.pick([10, 16, 20, 20, 20, 20, 32, 64])));
  const roll = rnd.below(100);
  if (roll < 5) return { type: 'steam', secret, period: 30 };
  if (roll < 15) return { type: 'hotp', secret, algorithm: 'SHA1', digits: 6, counter: rnd.below(500) };
  const algorithm = roll < 95 ? 'SHA1' : roll < 98 ? 'SHA256' : 'SHA512';
  return { type: 'totp', secret, algorithm, digits: rnd.chance(0.9) ? 6 : 8, period: rnd.chance(0.95) ? 30 : 60 };
}

/** @param {ReturnType<typeof seeded>} rnd @param {number} words */
function text(rnd, words) {
  return Array.from({ length: words }, (_, i) => `${rnd.pick(WORDS)}${i % 12 === 11 ? '\n' : ' '}`).join('').trim();
}

/** @param {ReturnType<typeof seeded>} rnd @param {readonly string[]} groupIds @param {number} i @returns {NewAccount} */
function accountFor(rnd, groupIds, i) {
  const groups = rnd.chance(0.6) ? [] : rnd.chance(0.75) ? [rnd.pick(groupIds)] : [...new Set([rnd.pick(groupIds), rnd.pick(groupIds)])];
  const note = rnd.chance(0.7) ? '' : rnd.chance(0.85) ? text(rnd, 3 + rnd.below(10)) : text(rnd, 40 + rnd.below(120));
  const image = rnd.chance(0.01)
    ? `data:image/png;base64,${Buffer.from(rnd.bytes(600 + rnd.below(2400))).toString('base64')}`
    : rnd.chance(0.2) ? `https://icons.example.com/${i}/${'x'.repeat(rnd.below(40))}.png` : undefined;
  const color = rnd.chance(0.5) ? Buffer.from(rnd.bytes(3)).toString('hex') : undefined;
  const icon = image === undefined && color === undefined ? undefined : { ...(image === undefined ? {} : { image }), ...(color === undefined ? {} : { color }) };
  const label = `${rnd.pick(NAMES)}${rnd.chance(0.5) ? `.${rnd.pick(NAMES)}` : ''}${i}@${rnd.pick(DOMAINS)}`;
  return { issuer: rnd.pick(ISSUERS), label, otp: otpFor(rnd), groups, note, favourite: rnd.chance(0.05), ...(icon === undefined ? {} : { icon }) };
}

/**
 * A vault of `count` accounts (after a few deletions), every one different.
 *
 * @param {number} count
 * @param {number} now
 * @returns {Vault}
 */
export function benchVault(count, now) {
  const rnd = seeded(20260131);
  const ctx = { now, random: rnd.bytes };
  let vault = createVault(ctx);
  /** @type {string[]} */
  const groupIds = [];
  for (const name of GROUPS) {
    const added = addGroup(vault, name, ctx);
    vault = added.vault;
    groupIds.push(added.group.id);
  }
  const deleted = Math.ceil(count / 200);
  for (let i = 0; i < count + deleted; i++) vault = addAccount(vault, accountFor(rnd, groupIds, i), { ...ctx, allowDuplicate: true }).vault;
  for (let k = 0; k < deleted; k++) vault = removeAccount(vault, /** @type {string} */ (orderedAccounts(vault)[rnd.below(count)]?.id), ctx);
  for (let k = 0; k < 20; k++) vault = moveAccount(vault, /** @type {string} */ (orderedAccounts(vault)[rnd.below(count)]?.id), rnd.below(count), ctx);
  return vault;
}
