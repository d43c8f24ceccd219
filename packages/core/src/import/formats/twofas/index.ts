/**
 * Importing 2FAS backups, plain and encrypted (PBKDF2-SHA256 + AES-256-GCM, password checked
 * against `reference` first).
 *
 * @module
 */
export { importTwoFas, TWOFAS_SCHEMA_VERSION } from './import.js';
