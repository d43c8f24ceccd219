/**
 * Object names inside a destination. A name is a relative, slash-separated key such as
 * `tessera/devices/ab12/000007.age`; every destination maps it onto its own paths (a file under a
 * folder, a URL under a WebDAV collection, an S3 key under a prefix). Names can come from a
 * destination's own listing, which is untrusted, so each one is checked before it is used: a
 * name that could escape the destination's root (`..`, a leading `/`, a backslash that Windows
 * reads as a separator) or that no protocol can carry (control characters) is refused.
 *
 * @module
 */
import { CoreError } from '@tessera/core';

/** Longest accepted name, in UTF-16 code units; S3 keys are limited to 1024 bytes. */
export const MAX_OBJECT_NAME_LENGTH = 1024;

// C0 controls and DEL cannot appear in XML 1.0 listings (WebDAV, S3) nor safely in file names.
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const FORBIDDEN = /[\u0000-\u001f\u007f\\]/;

/**
 * Throws `ERR_DESTINATION_INVALID` unless `name` is a valid object name: non-empty, at most
 * {@link MAX_OBJECT_NAME_LENGTH} long, no leading `/`, no empty, `.` or `..` segment, no
 * backslash and no control character.
 *
 * @example
 * ```ts
 * assertObjectName('tessera/keyring.age'); // fine
 * assertObjectName('../etc/passwd'); // throws CoreError ERR_DESTINATION_INVALID
 * ```
 */
export function assertObjectName(name: string): void {
  if (name.length === 0) throw invalid('an object name may not be empty');
  checkCommon(name);
  for (const segment of name.split('/')) checkSegment(segment, name);
}

/**
 * Throws `ERR_DESTINATION_INVALID` unless `prefix` is a valid listing prefix: empty (everything),
 * or the start of a valid name. It may end with `/` (a folder) or inside a segment
 * (`tessera/dev` matches `tessera/devices/…`), but may not contain `.`/`..` or empty segments.
 *
 * @example
 * ```ts
 * assertListPrefix(''); // fine: everything
 * assertListPrefix('tessera/devices/'); // fine
 * assertListPrefix('tessera//devices'); // throws CoreError ERR_DESTINATION_INVALID
 * ```
 */
export function assertListPrefix(prefix: string): void {
  if (prefix.length === 0) return;
  checkCommon(prefix);
  const segments = prefix.split('/');
  const last = segments.pop() ?? '';
  for (const segment of segments) checkSegment(segment, prefix);
  if (last === '.' || last === '..') throw invalid(`the prefix ${quote(prefix)} has a "." or ".." segment`);
}

/**
 * The folder part of a listing prefix (everything up to and including its last `/`), i.e. the
 * deepest folder that holds every match: `tessera/dev` → `tessera/`, `a/b/` → `a/b/`, `x` → ``.
 *
 * @example
 * ```ts
 * prefixFolder('tessera/devices/ab'); // 'tessera/devices/'
 * ```
 */
export function prefixFolder(prefix: string): string {
  return prefix.slice(0, prefix.lastIndexOf('/') + 1);
}

function checkCommon(text: string): void {
  if (text.length > MAX_OBJECT_NAME_LENGTH) throw invalid(`an object name is longer than ${MAX_OBJECT_NAME_LENGTH} characters`);
  if (text.startsWith('/')) throw invalid(`${quote(text)} starts with "/"; names are relative`);
  if (FORBIDDEN.test(text)) throw invalid(`${quote(text)} contains a backslash or a control character`);
}

function checkSegment(segment: string, whole: string): void {
  if (segment === '') throw invalid(`${quote(whole)} has an empty segment`);
  if (segment === '.' || segment === '..') throw invalid(`${quote(whole)} has a "." or ".." segment`);
}

function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

function invalid(message: string): CoreError {
  return new CoreError('ERR_DESTINATION_INVALID', `Invalid destination object name: ${message}.`);
}
