/**
 * 2FAS services (2fas-android `BackupService.kt`, schema 1–4) mapped to imported accounts. The
 * service `name` is the issuer (falling back to `otp.issuer`), the account is `otp.account`
 * (falling back to `otp.label`); missing parameters take 2FAS's defaults (TOTP, SHA1, 6 digits,
 * 30 s). Entries come out in 2FAS's display order, `order.position`, ties and services without
 * a position keeping their place in the file; each keeps its 1-based place in the file as its
 * index. `groupId` resolves to the group's name. 2FAS icons and badge tints name pictures from
 * 2FAS's own icon collection, not images, so they have no equivalent here.
 *
 * @module
 */
import type { Fail } from '../../../internal/json.js';
import { entryName, readEntry, type AccountDraft, type OtpCandidate, type Warn } from '../../internal/entries.js';
import { invalidEntry } from '../../internal/fail.js';
import { isJsonObject, readArray, readObject, type JsonFields } from '../../internal/json.js';
import type { FailedEntry, ParsedEntry } from '../../types.js';

const TOKEN_TYPES: Readonly<Record<string, 'totp' | 'hotp' | 'steam'>> = { TOTP: 'totp', HOTP: 'hotp', STEAM: 'steam' };

/** `groups`: id → name. */
export function twoFasGroups(file: JsonFields, fail: Fail): Map<string, string> {
  const names = new Map<string, string>();
  for (const [i, raw] of (file.optionalArray('groups') ?? []).entries()) {
    const group = readObject(raw, `groups[${i}]`, fail);
    names.set(group.string('id'), group.string('name'));
  }
  return names;
}

function otpOf(service: JsonFields, otp: JsonFields | undefined): OtpCandidate {
  const secret = service.raw('secret');
  const tokenType = otp?.optionalString('tokenType') ?? 'TOTP';
  const type = Object.hasOwn(TOKEN_TYPES, tokenType.toUpperCase()) ? TOKEN_TYPES[tokenType.toUpperCase()] : undefined;
  if (type === undefined) return invalidEntry(`2FAS token type ${JSON.stringify(tokenType.slice(0, 16))} is not supported.`);
  if (type === 'steam') return { type, secret, period: otp?.raw('period') ?? undefined };
  const common = { secret, algorithm: otp?.raw('algorithm') ?? undefined, digits: otp?.raw('digits') ?? undefined };
  if (type === 'hotp') return { type, ...common, counter: otp?.raw('counter') ?? undefined };
  return { type, ...common, period: otp?.raw('period') ?? undefined };
}

function draftOf(service: JsonFields, groups: ReadonlyMap<string, string>, warn: Warn): AccountDraft {
  const otp = service.optionalObject('otp');
  const name = service.optionalString('name') ?? '';
  const groupId = service.optionalString('groupId');
  const group = groupId === undefined ? undefined : groups.get(groupId);
  if (groupId !== undefined && group === undefined) warn('imported without a group the backup refers to but does not define.');
  return {
    issuer: name.trim() === '' ? (otp?.optionalString('issuer') ?? '') : name,
    label: otp?.optionalString('account') ?? otp?.optionalString('label') ?? '',
    otp: otpOf(service, otp),
    ...(group === undefined ? {} : { groups: [group] }),
  };
}

function positionOf(raw: unknown): number {
  if (!isJsonObject(raw) || !isJsonObject(raw['order'])) return Number.POSITIVE_INFINITY;
  const position = raw['order']['position'];
  return typeof position === 'number' && Number.isFinite(position) ? position : Number.POSITIVE_INFINITY;
}

function nameOf(raw: unknown, index: number): string {
  if (!isJsonObject(raw)) return `entry ${index}`;
  const otp = isJsonObject(raw['otp']) ? raw['otp'] : {};
  const issuer = typeof raw['name'] === 'string' && raw['name'].trim() !== '' ? raw['name'] : otp['issuer'];
  return entryName(issuer, otp['account'] ?? otp['label'], `entry ${index}`);
}

/** Every service, in 2FAS's display order, and the warnings they raised. */
export function readTwoFasServices(value: unknown, groups: ReadonlyMap<string, string>, fail: Fail): { entries: (ParsedEntry | FailedEntry)[]; warnings: string[] } {
  const services = readArray(value, 'services', fail);
  const order = services.map((raw, i) => ({ raw, i, position: positionOf(raw) }));
  order.sort((a, b) => a.position - b.position || a.i - b.i);
  const warnings: string[] = [];
  const entries = order.map(({ raw, i }) => {
    const index = i + 1;
    return readEntry(index, nameOf(raw, index), (warn) => draftOf(readObject(raw, `services[${i}]`, invalidEntry), groups, warn), warnings);
  });
  return { entries, warnings };
}
