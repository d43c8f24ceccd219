/**
 * The FreeOTP+ JSON export (`{"tokenOrder":[…],"tokens":[…]}`, formats.md §6.4). Tokens are
 * imported in the order the person arranged them (`tokenOrder`, keys `issuer:label`); a token
 * the order does not mention follows in file order rather than being left out, as FreeOTP+'s own
 * importer would do. Entries are numbered by their place in `tokens`.
 *
 * @module
 */
import { CoreError } from '../../../errors.js';
import { entryName, readEntry } from '../../internal/entries.js';
import { invalidEntry, invalidFile } from '../../internal/fail.js';
import { parseImportJson, readObject, type JsonFields } from '../../internal/json.js';
import { checkEntryCount } from '../../internal/limits.js';
import type { FailedEntry, Importer, ParsedEntry, ParsedImport } from '../../types.js';
import { draftOf, namesOf, tokenId } from './token.js';

const TITLE = 'FreeOTP+ export';
const fail = invalidFile(TITLE);

interface Token {
  readonly position: number;
  readonly value: unknown;
  /** `undefined` for a token too broken to have an id. */
  readonly id?: string;
}

/** `read()`, or `undefined` when it throws a CoreError (a broken token, reported later). */
function orUndefined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof CoreError) return undefined;
    throw error;
  }
}

function tokensOf(top: JsonFields): Token[] {
  const tokens = top.array('tokens');
  checkEntryCount(tokens.length, fail);
  return tokens.map((value, i) => {
    const id = orUndefined(() => tokenId(readObject(value, `tokens[${i}]`, invalidEntry)));
    return id === undefined ? { position: i + 1, value } : { position: i + 1, value, id };
  });
}

/** Tokens in `order` first (each key taking the first unused token with that id), then the rest. */
function arranged(tokens: readonly Token[], order: readonly unknown[]): Token[] {
  const byId = new Map<string, { readonly same: Token[]; next: number }>();
  for (const token of tokens) {
    if (token.id === undefined) continue;
    const entry = byId.get(token.id);
    if (entry === undefined) byId.set(token.id, { same: [token], next: 0 });
    else entry.same.push(token);
  }
  const used = new Set<Token>();
  for (const key of order) {
    const entry = typeof key === 'string' ? byId.get(key) : undefined;
    const token = entry?.same[entry.next];
    if (entry === undefined || token === undefined) continue;
    entry.next++;
    used.add(token);
  }
  return [...used, ...tokens.filter((t) => !used.has(t))];
}

function nameOf(token: Token): string {
  const names = orUndefined(() => namesOf(readObject(token.value, 'token', invalidEntry)));
  return entryName(names?.issuer, names?.label, `token ${token.position}`);
}

/**
 * Reads a FreeOTP+ JSON export.
 *
 * @throws {CoreError} `ERR_IMPORT_INVALID` when the file is not one.
 */
export function parseFreeOtpPlus(bytes: Uint8Array): ParsedImport {
  const top = readObject(parseImportJson(bytes, fail), 'the export', fail);
  const order = top.optionalArray('tokenOrder') ?? [];
  const warnings: string[] = [];
  const entries = arranged(tokensOf(top), order).map((token): ParsedEntry | FailedEntry =>
    readEntry(token.position, nameOf(token), () => draftOf(readObject(token.value, `tokens[${token.position - 1}]`, invalidEntry)), warnings),
  );
  return { format: 'freeotp-plus', entries, warnings };
}

/** FreeOTP+'s JSON export. */
export const freeOtpPlusImporter: Importer = {
  format: 'freeotp-plus',
  title: TITLE,
  parse: (input) => parseFreeOtpPlus(input.bytes),
};
