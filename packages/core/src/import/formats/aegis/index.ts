/**
 * Importing Aegis vaults, plain and encrypted (scrypt key slots, AES-256-GCM).
 *
 * @module
 */
export { importAegis } from './import.js';
export { AEGIS_DB_VERSION } from './db.js';
