/**
 * The FreeOTP+ JSON importer.
 *
 * @module
 */
export { freeOtpPlusImporter, parseFreeOtpPlus } from './import.js';
