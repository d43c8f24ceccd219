/**
 * Passphrase policy shared by every face of Tessera: the strength rules for a new passphrase and
 * the normal form (NFC) every passphrase is used in.
 *
 * @module
 */
export { checkPassphraseStrength, MAX_PASSPHRASE_LENGTH, MIN_PASSPHRASE_LENGTH, normalizePassphrase } from './strength.js';
