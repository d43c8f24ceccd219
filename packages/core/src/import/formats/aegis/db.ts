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
import type { AccountIcon } from '../../../vault/types.js';
import type { FailedEntry, ParsedEntry } from '../../types.js';
import { invalidEntry, type Fail } from '../internal/errors.js';
import { buildAccount, entryName, toEntry, Warnings, type AccountDraft } from '../internal/entries.js';
import {
  asArray,
  asObject,
  isObject,
  member,
  optionalBoolean,
  optionalString,
  requiredInteger,
  type JsonObject,
} from '../internal/json.js';

/** The newest database version this importer reads (Aegis `Vault.VERSION`). */
export const AEGIS_DB_VERSION = 3;

const ICON_MIMES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/svg+xml']);

/** v3's `groups`: uuid → name. */
function groupNames(db: JsonObject, fail: Fail): Map<string, string> {
  const names = new Map<string, string>();
  const groups = member(db, 'groups');
  if (groups === undefined || groups === null) return names;
  for (const [i, raw] of asArray(groups, 'db.groups', fail).entries()) {
    const group = asObject(raw, `db.groups[${i}]`, fail);
    const uuid = optionalString(group, 'uuid', `db.groups[${i}]`, fail);
    const name = optionalString(group, 'name', `db.groups[${i}]`, fail);
    if (uuid !== undefined && name !== undefined) names.set(uuid, name);
  }
  return names;
}

function entryGroups(entry: JsonObject, names: ReadonlyMap<string, string>, warnings: Warnings): string[] {
  const legacy = optionalString(entry, 'group', 'entry', invalidEntry);
  const uuids = member(entry, 'groups');
  const found = legacy === undefined ? [] : [legacy];
  if (uuids === undefined || uuids === null) return found;
  for (const uuid of asArray(uuids, 'groups', invalidEntry)) {
    const name = typeof uuid === 'string' ? names.get(uuid) : undefined;
    if (name === undefined) warnings.add('An entry refers to a group the vault does not define; it was imported without that group.');
    else found.push(name);
  }
  return found;
}

function iconOf(entry: JsonObject, name: string, warnings: Warnings): AccountIcon | undefined {
  const data = optionalString(entry, 'icon', 'icon', invalidEntry);
  if (data === undefined) return undefined;
  // A missing mime type means JPEG: Aegis only recorded the type once it allowed others.
  const mime = optionalString(entry, 'icon_mime', 'icon_mime', invalidEntry) ?? 'image/jpeg';
  if (!ICON_MIMES.has(mime)) {
    warnings.add(`${name}: the icon was not imported (unknown image type).`);
    return undefined;
  }
  return { image: `data:${mime};base64,${data.replace(/\s+/g, '')}` };
}

function otpOf(type: unknown, info: JsonObject): Readonly<Record<string, unknown>> {
  const secret = member(info, 'secret');
  if (type === 'steam') return { type, secret, period: member(info, 'period') };
  if (type === 'totp') {
    return { type, secret, algorithm: member(info, 'algo'), digits: member(info, 'digits'), period: member(info, 'period') };
  }
  if (type === 'hotp') {
    return { type, secret, algorithm: member(info, 'algo'), digits: member(info, 'digits'), counter: member(info, 'counter') };
  }
  const kind = typeof type === 'string' && /^[a-z]{1,16}$/.test(type) ? `"${type}"` : 'of this type';
  return invalidEntry(`Aegis entries ${kind} are not supported by Tessera (only totp, hotp and steam).`);
}

function draftOf(entry: JsonObject, name: string, groups: ReadonlyMap<string, string>, warnings: Warnings): AccountDraft {
  const otp = otpOf(member(entry, 'type'), asObject(member(entry, 'info'), 'info', invalidEntry));
  return {
    issuer: optionalString(entry, 'issuer', 'entry', invalidEntry),
    label: optionalString(entry, 'name', 'entry', invalidEntry),
    otp,
    icon: iconOf(entry, name, warnings),
    groups: entryGroups(entry, groups, warnings),
    note: optionalString(entry, 'note', 'entry', invalidEntry),
    favourite: optionalBoolean(entry, 'favorite', 'entry', invalidEntry),
  };
}

/** Every entry of a decoded database, in order, plus the warnings they raised. */
export function readAegisDb(value: unknown, fail: Fail): { entries: (ParsedEntry | FailedEntry)[]; warnings: readonly string[] } {
  const db = asObject(value, 'db', fail);
  const version = requiredInteger(db, 'version', 'db', fail, 0, Number.MAX_SAFE_INTEGER);
  if (version < 1 || version > AEGIS_DB_VERSION) fail(`database version ${version} is not supported (1 to ${AEGIS_DB_VERSION}).`);
  const names = groupNames(db, fail);
  const warnings = new Warnings();
  const entries = asArray(member(db, 'entries'), 'db.entries', fail).map((raw, i) => {
    const index = i + 1;
    const name = isObject(raw) ? entryName(index, member(raw, 'issuer'), member(raw, 'name')) : `entry ${index}`;
    return toEntry(index, name, () => buildAccount(draftOf(asObject(raw, 'The entry', invalidEntry), name, names, warnings), name, warnings));
  });
  return { entries, warnings: warnings.list() };
}

