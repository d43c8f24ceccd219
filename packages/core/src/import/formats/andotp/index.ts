/**
 * Importing andOTP backups: plain JSON, and encrypted in the new (PBKDF2-SHA1 + AES-256-GCM) and
 * old (SHA-256 key + AES-256-GCM) layouts.
 *
 * @module
 */
export { importAndOtp } from './import.js';
