/**
 * Importing Authenticator Pro / Stratum backups: plain, encrypted (Argon2id + AES-256-GCM) and
 * legacy encrypted (PBKDF2-SHA1 + AES-256-CBC).
 *
 * @module
 */
export { importAuthenticatorPro } from './import.js';
