/**
 * The Bitwarden importers: unencrypted JSON and CSV exports.
 *
 * @module
 */
export { bitwardenCsvImporter, parseBitwardenCsv } from './csv.js';
export { bitwardenJsonImporter, parseBitwardenJson } from './json.js';
