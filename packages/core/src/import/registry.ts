/**
 * Which importer reads which format: one line per format. An importer is registered here and
 * nowhere else, so `importFile`, `--format` help and format detection can never disagree about
 * what Tessera reads.
 *
 * @module
 */
import { importAegis } from './formats/aegis/index.js';
import { AEGIS_NAME } from './formats/aegis/decrypt.js';
import { importAndOtp } from './formats/andotp/index.js';
import { ANDOTP_NAME } from './formats/andotp/decrypt.js';
import { importAuthenticatorPro } from './formats/authenticator-pro/index.js';
import { AUTHENTICATOR_PRO_NAME } from './formats/authenticator-pro/decrypt.js';
import { bitwardenCsvImporter, bitwardenJsonImporter } from './formats/bitwarden/index.js';
import { enteImporter } from './formats/ente/index.js';
import { freeOtpPlusImporter } from './formats/freeotp-plus/index.js';
import { googleMigrationImporter } from './formats/google-migration/index.js';
import { lastPassImporter } from './formats/lastpass/index.js';
import { otpauthImporter } from './formats/otpauth/index.js';
import { importProton } from './formats/proton/index.js';
import { PROTON_NAME } from './formats/proton/decrypt.js';
import { steamMaFileImporter } from './formats/steam/index.js';
import { importTwoFas } from './formats/twofas/index.js';
import { TWOFAS_NAME } from './formats/twofas/decrypt.js';
import type { Importer, ImportFormat } from './types.js';

/**
 * The importer of each format. A format without one here is refused by `importFile` with
 * `ERR_IMPORT_FORMAT_UNKNOWN`.
 *
 * @example
 * ```ts
 * importers.aegis?.title; // 'Aegis vault'
 * const parsed = await importers['google-migration']!.parse({ bytes });
 * ```
 */
export const importers: Readonly<Partial<Record<ImportFormat, Importer>>> = Object.freeze({
  otpauth: otpauthImporter,
  'google-migration': googleMigrationImporter,
  aegis: { format: 'aegis', title: AEGIS_NAME, parse: importAegis },
  '2fas': { format: '2fas', title: TWOFAS_NAME, parse: importTwoFas },
  ente: enteImporter,
  andotp: { format: 'andotp', title: ANDOTP_NAME, parse: importAndOtp },
  'bitwarden-json': bitwardenJsonImporter,
  'bitwarden-csv': bitwardenCsvImporter,
  proton: { format: 'proton', title: PROTON_NAME, parse: importProton },
  'authenticator-pro': { format: 'authenticator-pro', title: AUTHENTICATOR_PRO_NAME, parse: importAuthenticatorPro },
  'freeotp-plus': freeOtpPlusImporter,
  lastpass: lastPassImporter,
  'steam-mafile': steamMaFileImporter,
});
