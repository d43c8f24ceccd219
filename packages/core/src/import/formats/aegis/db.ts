/**
 * The Aegis database (`db`, versions 1–3; Aegis `VaultEntry.java` and `docs/vault.md`) mapped to
 * imported accounts, in the vault's array order (Aegis has no order field). Groups are v3 group
 * uuids resolved through `db.groups`, or v2's per-entry `group` name; v1 has neither. Notes,
 * favourites and icons (inline PNG, JPEG or SVG, kept as `data:` URIs) come across. Entry types
 * `totp`, `hotp` and `steam` are imported; `motp` and `yandex` fail with a reason, as does any
 * entry Tessera would refuse.
 *
 * @module
 */
import type { Fail } from '../../../internal/json.js';
import type { AccountIcon } from '../../../vault/types.js';
import { entryName, readEntry, type AccountDraft, type OtpCandidate, type Warn } from '../../internal/entries.js';
import { invalidEntry } from '../../internal/fail.js';
import { isJsonObject, readArray, readObject, type JsonFields } from '../../internal/json.js';
import type { FailedEntry, ParsedEntry } from '../../types.js';

/** The newest database version this importer reads (Aegis `Vault.VERSION`). */
export const AEGIS_DB_VERSION = 3;

const ICON_MIMES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/svg+xml']);

/** v3's `groups`: uuid → name. */
function groupNames(db: JsonFields, fail: Fail): Map<string, string> {
  const names = new Map<string, string>();
  for (const [i, raw] of (db.optionalArray('groups') ?? []).entries()) {
    const group = readObject(raw, `db.groups[${i}]`, fail);
    names.set(group.string('uuid'), group.string('name'));
  }
  return names;
}

function entryGroups(entry: JsonFields, names: ReadonlyMap<string, string>, warn: Warn): string[] {
  const legacy = entry.optionalString('group');
  const found = legacy === undefined ? [] : [legacy];
  for (const uuid of entry.optionalArray('groups') ?? []) {
    const name = typeof uuid === 'string' ? names.get(uuid) : undefined;
    if (name === undefined) warn('imported without a group the vault refers to but does not define.');
    else found.push(name);
  }
  return found;
}

function iconOf(entry: JsonFields, warn: Warn): AccountIcon | undefined {
  const data = entry.optionalString('icon');
  if (data === undefined) return undefined;
  // A missing mime type means JPEG: Aegis only recorded the type once it allowed others.
  const mime = entry.optionalString('icon_mime') ?? 'image/jpeg';
  if (!ICON_MIMES.has(mime)) {
    warn('imported without its icon: the image type is not PNG, JPEG or SVG.');
    return undefined;
  }
  return { image: `data:${mime};base64,${data.replace(/\s+/g, '')}` };
}

function otpOf(type: string, info: JsonFields): OtpCandidate {
  const secret = info.raw('secret');
  if (type === 'steam') return { type, secret, period: info.raw('period') };
  const common = { secret, algorithm: info.raw('algo'), digits: info.raw('digits') };
  if (type === 'totp') return { type, ...common, period: info.raw('period') };
  if (type === 'hotp') return { type, ...common, counter: info.raw('counter') };
  const kind = /^[a-z]{1,16}$/.test(type) ? `"${type}"` : 'of this type';
  return invalidEntry(`Aegis entries ${kind} are not supported by Tessera (only totp, hotp and steam).`);
}

function draftOf(entry: JsonFields, names: ReadonlyMap<string, string>, warn: Warn): AccountDraft {
  const otp = otpOf(entry.string('type'), entry.object('info'));
  const icon = iconOf(entry, warn);
  const note = entry.optionalString('note');
  const favourite = entry.optionalBoolean('favorite');
  return {
    issuer: entry.optionalString('issuer') ?? '',
    label: entry.optionalString('name') ?? '',
    otp,
    groups: entryGroups(entry, names, warn),
    ...(icon === undefined ? {} : { icon }),
    ...(note === undefined ? {} : { note }),
    ...(favourite === undefined ? {} : { favourite }),
  };
}

/** Every entry of a decoded database, in order, and the warnings they raised. */
export function readAegisDb(value: unknown, fail: Fail): { entries: (ParsedEntry | FailedEntry)[]; warnings: string[] } {
  const db = readObject(value, 'db', fail);
  const version = db.integer('version');
  if (version < 1 || version > AEGIS_DB_VERSION) fail(`database version ${version} is not supported (1 to ${AEGIS_DB_VERSION}).`);
  const names = groupNames(db, fail);
  const warnings: string[] = [];
  const entries = readArray(db.raw('entries'), 'db.entries', fail).map((raw, i) => {
    const index = i + 1;
    const name = isJsonObject(raw) ? entryName(raw['issuer'], raw['name'], `entry ${index}`) : `entry ${index}`;
    return readEntry(index, name, (warn) => draftOf(readObject(raw, `db.entries[${i}]`, invalidEntry), names, warn), warnings);
  });
  return { entries, warnings };
}
