/**
 * The LastPass Authenticator JSON importer.
 *
 * @module
 */
export { lastPassImporter, parseLastPass } from './import.js';
