/**
 * Ente Auth's `codeDisplay` parameter (formats.md §6.1): percent-encoded JSON that Ente appends
 * to every URI of its plain export, holding what the URI format cannot — pinned, trashed, tags,
 * note and the person's own order. Other parsers ignore unknown parameters, so the URI itself
 * reads without it; this module reads it on the side. It is cosmetic, so a malformed one costs
 * the account its extras (with a warning), never the account.
 *
 * @module
 */
import { CoreError } from '../../../errors.js';
import { percentDecode } from '../../../uri/percent.js';
import type { Warn } from '../../internal/entries.js';
import { invalidEntry } from '../../internal/fail.js';
import { parseImportJsonText, readObject, type JsonFields } from '../../internal/json.js';

/** What Tessera keeps of an Ente `codeDisplay`. */
export interface EnteDisplay {
  readonly pinned: boolean;
  readonly trashed: boolean;
  readonly tags: readonly string[];
  readonly note: string;
  /** Ente's manual order; 0 when the person never reordered. */
  readonly position: number;
}

/** The raw (still percent-encoded) value of `codeDisplay` in `uri`, if it has one. Exported for its equivalence test only. */
export function rawParameter(uri: string): string | undefined {
  // A URI without the name anywhere cannot carry the parameter, and most lists are not Ente's:
  // one search instead of splitting every line's query into segments (10,000 lines: ~4 ms to ~1 ms).
  if (!uri.includes('codeDisplay')) return undefined;
  const query = uri.indexOf('?');
  if (query < 0) return undefined;
  for (const segment of uri.slice(query + 1).split('&')) {
    const equals = segment.indexOf('=');
    if (equals > 0 && segment.slice(0, equals) === 'codeDisplay') return segment.slice(equals + 1);
  }
  return undefined;
}

function tagsOf(fields: JsonFields): string[] {
  const tags = fields.optionalArray('tags') ?? [];
  return tags.map((tag, i) => (typeof tag === 'string' ? tag : fields.fail(`tags[${i}]`, 'must be text.')));
}

function read(raw: string): EnteDisplay {
  // Ente writes it with Dart's `Uri.encodeComponent`: spaces are %20, a `+` is data.
  const json = parseImportJsonText(percentDecode(raw, 'codeDisplay'), invalidEntry);
  const fields = readObject(json, 'codeDisplay', invalidEntry);
  return {
    pinned: fields.optionalBoolean('pinned') ?? false,
    trashed: fields.optionalBoolean('trashed') ?? false,
    tags: tagsOf(fields),
    note: fields.optionalString('note') ?? '',
    position: fields.optionalInteger('position', { min: 0 }) ?? 0,
  };
}

/**
 * The `codeDisplay` of an Ente URI, `undefined` when it has none, or when it cannot be read —
 * then with a warning, and the account imports without its extras.
 */
export function readEnteDisplay(uri: string, warn: Warn): EnteDisplay | undefined {
  const raw = rawParameter(uri);
  if (raw === undefined) return undefined;
  try {
    return read(raw);
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    warn(`imported without Ente's pinned state, tags, note and order: ${error.message}`);
    return undefined;
  }
}
