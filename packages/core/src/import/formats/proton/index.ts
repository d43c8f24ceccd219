/**
 * Importing Proton Authenticator exports, plain and password-protected (Argon2id + AES-256-GCM).
 *
 * @module
 */
export { importProton } from './import.js';
