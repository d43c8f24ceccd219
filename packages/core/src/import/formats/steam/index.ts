/**
 * The Steam Desktop Authenticator maFile importer.
 *
 * @module
 */
export { parseSteamMaFile, steamMaFileImporter } from './import.js';
