/**
 * Exporting the vault to formats other authenticators read: otpauth URI lists, Google
 * Authenticator transfer QR payloads, Aegis vaults (plain and encrypted) and the content of a
 * printable paper backup. Every exporter keeps the vault's order and reports each account the
 * format cannot hold instead of dropping it.
 *
 * @module
 */
export { AEGIS_SCRYPT, exportAegisEncrypted, type AegisEncryptedOptions } from './aegis-encrypted.js';
export { aegisDb, exportAegisPlain, type AegisDb } from './aegis.js';
export { exportGoogleMigration, type GoogleMigrationOptions } from './google-migration.js';
export { exportOtpauthList } from './otpauth-list.js';
export { groupsOfFour, paperBackupEntries, type PaperEntry } from './paper.js';
export type { ExportFormat, ExportResult, SkippedAccount } from './types.js';
