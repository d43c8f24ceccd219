/**
 * The list of import formats, for apps that take a format name from a person (`--format`).
 *
 * @module
 */
import type { ImportFormat } from './types.js';

/**
 * Every {@link ImportFormat}, in the order a help text lists them.
 *
 * @example
 * ```ts
 * console.log(`--format: one of ${IMPORT_FORMATS.join(', ')}`);
 * ```
 */
export const IMPORT_FORMATS: readonly ImportFormat[] = Object.freeze([
  'otpauth',
  'google-migration',
  'aegis',
  '2fas',
  'ente',
  'andotp',
  'bitwarden-json',
  'bitwarden-csv',
  'proton',
  'authenticator-pro',
  'freeotp-plus',
  'lastpass',
  'steam-mafile',
  'tessera',
] as const satisfies readonly ImportFormat[]);

/**
 * True when `name` is an {@link ImportFormat}.
 *
 * @example
 * ```ts
 * isImportFormat('aegis'); // true
 * isImportFormat('keepass'); // false
 * ```
 */
export function isImportFormat(name: string): name is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(name);
}
