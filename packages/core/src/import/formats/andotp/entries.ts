/**
 * andOTP entries (`Entry.java`, formats.md §6.3) mapped to imported accounts, in the file's
 * order. `type` is TOTP, HOTP or STEAM (MOTP fails with a reason); `tags` become groups. Files
 * from before andOTP stored issuers write the label as `Issuer - Account`, which is split back.
 *
 * @module
 */
import type { Fail } from '../../../internal/json.js';
import { entryName, readEntry, type AccountDraft, type OtpCandidate } from '../../internal/entries.js';
import { invalidEntry } from '../../internal/fail.js';
import { isJsonObject, readArray, readObject, type JsonFields } from '../../internal/json.js';
import type { FailedEntry, ParsedEntry } from '../../types.js';

const SEPARATOR = ' - ';

function namesOf(issuer: unknown, label: unknown): { issuer: string; label: string } {
  const name = typeof label === 'string' ? label : '';
  if (typeof issuer === 'string') return { issuer, label: name };
  const at = name.indexOf(SEPARATOR);
  return at < 0 ? { issuer: '', label: name } : { issuer: name.slice(0, at), label: name.slice(at + SEPARATOR.length) };
}

function otpOf(entry: JsonFields): OtpCandidate {
  const type = entry.string('type').toUpperCase();
  const secret = entry.raw('secret');
  if (type === 'STEAM') return { type: 'steam', secret, period: entry.raw('period') ?? undefined };
  const common = { secret, algorithm: entry.raw('algorithm') ?? undefined, digits: entry.raw('digits') ?? undefined };
  if (type === 'TOTP') return { type: 'totp', ...common, period: entry.raw('period') ?? undefined };
  if (type === 'HOTP') return { type: 'hotp', ...common, counter: entry.raw('counter') ?? undefined };
  const kind = /^[A-Z]{1,16}$/.test(type) ? type : 'this type of';
  return invalidEntry(`andOTP ${kind} entries are not supported by Tessera (only TOTP, HOTP and STEAM).`);
}

function draftOf(entry: JsonFields): AccountDraft {
  const names = namesOf(entry.optionalString('issuer'), entry.optionalString('label'));
  const tags = (entry.optionalArray('tags') ?? []).map((tag, i) => (typeof tag === 'string' ? tag : invalidEntry(`tags[${i}] must be text.`)));
  return { ...names, otp: otpOf(entry), groups: tags };
}

/** Every entry of a decoded backup, in order, and the warnings they raised. */
export function readAndOtpEntries(value: unknown, fail: Fail): { entries: (ParsedEntry | FailedEntry)[]; warnings: string[] } {
  const warnings: string[] = [];
  const entries = readArray(value, 'the backup', fail).map((raw, i) => {
    const index = i + 1;
    const names = isJsonObject(raw) ? namesOf(raw['issuer'], raw['label']) : { issuer: '', label: '' };
    const name = entryName(names.issuer, names.label, `entry ${index}`);
    return readEntry(index, name, () => draftOf(readObject(raw, `entries[${i}]`, invalidEntry)), warnings);
  });
  return { entries, warnings };
}
