/**
 * The otpauth URI list importer, and its parser for importers whose decrypted content is such a
 * list (Ente's encrypted export).
 *
 * @module
 */
export { ENTE_TRASH_GROUP, otpauthImporter, parseOtpauthList } from './list.js';
