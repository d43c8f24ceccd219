/**
 * The Google Authenticator transfer (`otpauth-migration://`) importer.
 *
 * @module
 */
export { googleMigrationImporter, parseGoogleMigration } from './import.js';
export { isMigrationUri } from './uri.js';
