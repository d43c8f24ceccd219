/**
 * Importing Ente Auth exports: encrypted (Argon2id + libsodium secretstream) and plain.
 *
 * @module
 */
export { enteImporter, importEnte } from './import.js';
