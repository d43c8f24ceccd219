/**
 * Users: sign-in lookup, creation, passwords, the admin's edits and listing.
 *
 * @module
 */
export { EMAIL_MAX_LENGTH, normaliseEmail, parseEmail } from './email.js';
export { toUserJson, type UserJson } from './json.js';
export { listUsers, type UserQuery } from './list.js';
export { cleanDisplayName, createUser, findUserForSignIn, getUser, setPassword, storeRehash, updateUser, type NewUser, type Role, type UserChange, type UserRow, type UserStatus } from './users.js';
