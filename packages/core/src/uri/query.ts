/**
 * Splits the query of an otpauth URI into the parameters Tessera reads. Parameters it does not
 * read are skipped (Ente's `codeDisplay`, FreeOTP's `lock`, `issueralt`, …) so that URIs from any
 * app import. A parameter Tessera reads that appears twice is an error: readers differ on whether
 * the first or the last wins, so `secret=A&secret=B` would mean different accounts to different
 * apps, and no app we know of writes duplicates.
 *
 * @module
 */
import { CoreError } from '../errors.js';
import { formDecode } from './percent.js';

/** The query parameters Tessera understands. */
export type KnownParameter = 'secret' | 'issuer' | 'algorithm' | 'digits' | 'period' | 'counter' | 'image' | 'color' | 'encoder';

const KNOWN: ReadonlySet<string> = new Set<KnownParameter>([
  'secret',
  'issuer',
  'algorithm',
  'digits',
  'period',
  'counter',
  'image',
  'color',
  'encoder',
]);

/** Known parameters by name, each with its value still percent-encoded. */
export type QueryParameters = ReadonlyMap<KnownParameter, string>;

function isKnown(name: string): name is KnownParameter {
  return KNOWN.has(name);
}

/**
 * Reads `name=value&…`. Names are compared after percent-decoding, so `s%65cret` is `secret`
 * (as every URI library would read it). Empty segments (`&&`, a trailing `&`) are skipped; a
 * segment without `=` has an empty value. Parameter names are case-sensitive, as in the Key Uri
 * Format and Android's `Uri`.
 *
 * @throws {CoreError} `ERR_URI_INVALID` for a malformed name or a repeated known parameter.
 */
export function parseQuery(query: string): QueryParameters {
  const params = new Map<KnownParameter, string>();
  for (const segment of query.split('&')) {
    if (segment === '') {
      continue;
    }
    const equals = segment.indexOf('=');
    const name = formDecode(equals < 0 ? segment : segment.slice(0, equals), 'parameter name');
    if (!isKnown(name)) {
      continue;
    }
    if (params.has(name)) {
      throw new CoreError('ERR_URI_INVALID', `The parameter "${name}" appears more than once.`);
    }
    params.set(name, equals < 0 ? '' : segment.slice(equals + 1));
  }
  return params;
}
