/**
 * The vault: one device's accounts, groups and order, the pure operations on them, and the
 * version 1 document they are stored as. Every operation takes a vault and returns a new one;
 * time and randomness come in through a context (`{ now, random }`).
 *
 * @module
 */
export { addAccount, type AddAccountContext } from './add-account.js';
export { createVault } from './create.js';
export { decodeVault } from './decode.js';
export { MAX_VAULT_BYTES, VAULT_FORMAT, VAULT_VERSION } from './document.js';
export { advanceHotpCounter, removeAccount, renameAccount, updateAccount, type RenameAccountContext } from './edit-account.js';
export { encodeVault } from './encode.js';
export {
  MAX_GROUP_NAME_LENGTH,
  MAX_ICON_IMAGE_LENGTH,
  MAX_ISSUER_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_NOTE_LENGTH,
} from './fields.js';
export { accountFingerprint } from './fingerprint.js';
export { MAX_TOMBSTONES, mergeTombstones } from './tombstones.js';
export { secretBits, WEAK_SECRET_BITS } from './secret.js';
export { addGroup, removeGroup, renameGroup, resolveGroup, setAccountGroups } from './groups.js';
export { moveAccount, orderedAccounts } from './order.js';
export { findAccounts, resolveAccount } from './query.js';
export { addWorkAccount, backupForm, findWorkAccount, setWorkRegistration, updateWorkDetails, type NewWorkAccount, type WorkDetailsPatch } from './work-account.js';
export type {
  Account,
  AccountCommon,
  AccountIcon,
  AccountNames,
  AccountPatch,
  CreationContext,
  Group,
  MutationContext,
  NewAccount,
  OtpAccount,
  Tombstone,
  Vault,
  WorkAccount,
  WorkDetails,
} from './types.js';
