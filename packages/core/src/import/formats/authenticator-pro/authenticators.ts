/**
 * Authenticator Pro / Stratum authenticators (`doc/BACKUP_FORMAT.md`, formats.md §6.6) mapped to
 * imported accounts. `Type` 1 is HOTP, 2 TOTP, 4 Steam; 3 (Mobile-OTP) and 5 (Yandex) fail with a
 * reason. `Algorithm` 0/1/2 is SHA1/SHA256/SHA512. Entries come out in the app's order,
 * `Ranking`, ties keeping their place in the file; each keeps that place as its index.
 * Categories, bound to authenticators by secret in `AuthenticatorCategories`, become groups.
 *
 * @module
 */
import { CoreError } from '../../../errors.js';
import type { Fail } from '../../../internal/json.js';
import { entryName, readEntry, type AccountDraft, type OtpCandidate, type Warn } from '../../internal/entries.js';
import { invalidEntry } from '../../internal/fail.js';
import { isJsonObject, readArray, readObject, type JsonFields } from '../../internal/json.js';
import type { FailedEntry, ParsedEntry } from '../../types.js';
import { customIcons, iconOf } from './icons.js';

const ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'] as const;
const UNSUPPORTED_TYPES: Readonly<Record<number, string>> = { 3: 'Mobile-OTP', 5: 'Yandex' };

interface Context {
  readonly icons: ReadonlyMap<string, string>;
  /** Secret → category names. */
  readonly categories: ReadonlyMap<string, readonly string[]>;
}

function categoriesBySecret(file: JsonFields, fail: Fail): Map<string, string[]> {
  const names = new Map<string, string>();
  for (const [i, raw] of (file.optionalArray('Categories') ?? []).entries()) {
    const category = readObject(raw, `Categories[${i}]`, fail);
    names.set(category.string('Id'), category.string('Name'));
  }
  const bySecret = new Map<string, string[]>();
  for (const [i, raw] of (file.optionalArray('AuthenticatorCategories') ?? []).entries()) {
    const link = readObject(raw, `AuthenticatorCategories[${i}]`, fail);
    const name = names.get(link.string('CategoryId'));
    const secret = link.string('AuthenticatorSecret');
    if (name !== undefined) bySecret.set(secret, [...(bySecret.get(secret) ?? []), name]);
  }
  return bySecret;
}

function otpOf(entry: JsonFields): OtpCandidate {
  const type = entry.integer('Type');
  const secret = entry.raw('Secret');
  if (type === 4) return { type: 'steam', secret, period: entry.raw('Period') ?? undefined };
  if (type !== 1 && type !== 2) {
    return invalidEntry(`Authenticator Pro ${UNSUPPORTED_TYPES[type] ?? `type ${type}`} entries are not supported by Tessera (only TOTP, HOTP and Steam).`);
  }
  const algorithmIndex = entry.optionalInteger('Algorithm') ?? 0;
  const algorithm = ALGORITHMS[algorithmIndex];
  if (algorithm === undefined) throw new CoreError('ERR_OTP_PARAMS_INVALID', `Algorithm ${algorithmIndex} is not SHA1 (0), SHA256 (1) or SHA512 (2).`);
  const common = { secret, algorithm, digits: entry.raw('Digits') ?? undefined };
  return type === 1 ? { type: 'hotp', ...common, counter: entry.raw('Counter') ?? undefined } : { type: 'totp', ...common, period: entry.raw('Period') ?? undefined };
}

function draftOf(entry: JsonFields, context: Context, warn: Warn): AccountDraft {
  const otp = otpOf(entry);
  const secret = entry.optionalString('Secret');
  const icon = iconOf(entry.optionalString('Icon'), context.icons, warn);
  return {
    issuer: entry.optionalString('Issuer') ?? '',
    label: entry.optionalString('Username') ?? '',
    otp,
    groups: secret === undefined ? [] : (context.categories.get(secret) ?? []),
    ...(icon === undefined ? {} : { icon }),
  };
}

function rankingOf(raw: unknown): number {
  const ranking = isJsonObject(raw) ? raw['Ranking'] : undefined;
  return typeof ranking === 'number' && Number.isFinite(ranking) ? ranking : Number.POSITIVE_INFINITY;
}

/** Every authenticator of a decoded backup, in the app's order, and the warnings they raised. */
export function readAuthenticators(value: unknown, fail: Fail): { entries: (ParsedEntry | FailedEntry)[]; warnings: string[] } {
  const file = readObject(value, 'the backup', fail);
  const context: Context = { icons: customIcons(file, fail), categories: categoriesBySecret(file, fail) };
  const order = readArray(file.raw('Authenticators'), 'Authenticators', fail).map((raw, i) => ({ raw, i, ranking: rankingOf(raw) }));
  order.sort((a, b) => a.ranking - b.ranking || a.i - b.i);
  const warnings: string[] = [];
  const entries = order.map(({ raw, i }) => {
    const index = i + 1;
    const name = isJsonObject(raw) ? entryName(raw['Issuer'], raw['Username'], `entry ${index}`) : `entry ${index}`;
    return readEntry(index, name, (warn) => draftOf(readObject(raw, `Authenticators[${i}]`, invalidEntry), context, warn), warnings);
  });
  return { entries, warnings };
}
