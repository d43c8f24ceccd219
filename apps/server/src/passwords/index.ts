/**
 * Passwords: the NIST policy check and Argon2id storage with rehash on login.
 *
 * @module
 */
export { checkPasswordPolicy, codePointLength, normalisePassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_RECOMMENDED_LENGTH } from './policy.js';
export { hashPassword, needsRehash, verifyPassword } from './hash.js';
