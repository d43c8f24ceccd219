/**
 * The passphrase policy (length, blocklist, NFC) lives in `@tessera/core` so the backup keyring
 * and the web app apply the same rules; the app lock takes it from there.
 *
 * @module
 */
export { checkPassphraseStrength, MAX_PASSPHRASE_LENGTH, MIN_PASSPHRASE_LENGTH, normalizePassphrase } from '@tessera/core';
