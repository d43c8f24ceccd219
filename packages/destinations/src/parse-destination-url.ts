/**
 * Reads the destination a person typed: a plain path or `file:` URL (a folder), `webdav://` or
 * `webdavs://` (WebDAV over http or https), or `s3://bucket/prefix?endpoint=…&region=…&path-style=…`.
 * Credentials may ride in the URL's user-info (`webdavs://ada:pw@host/`, `s3://KEY:SECRET@bucket/`,
 * percent-encoded) or come separately; either way the resulting config's `url`/`endpoint` never
 * holds them. Error messages never repeat the input, which may contain a password.
 *
 * @module
 */
import { CoreError } from '@tessera/core';
import {
  DEFAULT_S3_REGION,
  defaultPathStyle,
  type DestinationConfig,
  type DestinationCredentials,
  type FolderDestinationConfig,
  type S3DestinationConfig,
  type WebdavDestinationConfig,
} from './destination-config.js';
import { assertObjectName } from './names.js';
import { isS3BucketName, isS3RegionName } from './s3/s3-location.js';

// A scheme needs two letters or more, so a Windows drive (`C:\backups`) reads as a path.
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]+):/;
const S3_URL = /^s3:\/\/(?:([^@/?#]*)@)?([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/i;
const S3_PARAMETERS = new Set(['endpoint', 'region', 'path-style']);

/**
 * Parses a destination URL or path. `credentials`, when given, fill in or override the URL's.
 * Throws `ERR_DESTINATION_INVALID` for anything else.
 *
 * @example
 * ```ts
 * parseDestinationUrl('/media/usb/tessera'); // { kind: 'folder', path: '/media/usb/tessera' }
 * parseDestinationUrl('webdavs://cloud.example.com/remote.php/dav/files/ada/', { username: 'ada', password: pw });
 * parseDestinationUrl('s3://my-backups/ada?endpoint=http://127.0.0.1:9000', { accessKeyId, secretAccessKey });
 * ```
 */
export function parseDestinationUrl(text: string, credentials: DestinationCredentials = {}): DestinationConfig {
  if (text.length === 0) throw invalid('the destination is empty');
  if (text.includes('\u0000')) throw invalid('the destination contains a NUL character');
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  switch (scheme) {
    case undefined:
      return { kind: 'folder', path: text };
    case 'file':
      return parseFileUrl(text);
    case 'webdav':
    case 'webdavs':
      return parseWebdavUrl(text, scheme === 'webdavs', credentials);
    case 's3':
      return parseS3Url(text, credentials);
    default:
      throw invalid(`"${scheme}:" is not a destination scheme; use a path, file:, webdav://, webdavs:// or s3://`);
  }
}

function parseFileUrl(text: string): FolderDestinationConfig {
  const url = parseUrl(text, 'file: URL');
  if (url.host !== '' && url.host !== 'localhost') throw invalid('a file: URL must name a local path (no host)');
  if (url.search !== '' || url.hash !== '') throw invalid('a file: URL may not have a query or fragment');
  const path = decode(url.pathname);
  // file:///C:/backups names the Windows path C:/backups.
  return { kind: 'folder', path: /^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path };
}

function parseWebdavUrl(text: string, secure: boolean, credentials: DestinationCredentials): WebdavDestinationConfig {
  // The URL parser would read `webdav:///dav` as host "dav"; demand the host explicitly.
  if (!/^webdavs?:\/\/[^/?#]/i.test(text)) throw invalid('a WebDAV URL has the form webdav(s)://host[:port]/path/');
  const url = parseUrl(text.replace(/^webdavs?:/i, secure ? 'https:' : 'http:'), 'WebDAV URL');
  if (url.hostname === '') throw invalid('a WebDAV URL needs a host');
  if (url.search !== '' || url.hash !== '') throw invalid('a WebDAV URL may not have a query or fragment');
  const username = credentials.username ?? optional(decode(url.username));
  const password = credentials.password ?? optional(decode(url.password));
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  const config = { kind: 'webdav' as const, url: `${url.protocol}//${url.host}${path}` };
  return { ...config, ...(username !== undefined && { username }), ...(password !== undefined && { password }) };
}

function parseS3Url(text: string, credentials: DestinationCredentials): S3DestinationConfig {
  const match = S3_URL.exec(text);
  if (match === null) throw invalid('an s3:// URL has the form s3://bucket/optional/prefix?endpoint=…&region=…&path-style=…');
  const [, userInfo, bucket = '', path = '', query = ''] = match;
  if (!isS3BucketName(bucket)) throw invalid('the S3 bucket name must be 3-63 lower-case letters, digits, ".", "-" or "_"');
  const parameters = s3Parameters(query);
  const endpoint = parameters.endpoint === undefined ? undefined : parseEndpoint(parameters.endpoint);
  const region = parameters.region ?? DEFAULT_S3_REGION;
  if (!isS3RegionName(region)) throw invalid('the S3 region must be lower-case letters, digits and "-"');
  const pathStyle = parameters.pathStyle ?? defaultPathStyle(bucket, endpoint);
  const keys = s3Keys(userInfo, credentials);
  return { kind: 's3', bucket, prefix: s3Prefix(path), region, pathStyle, ...(endpoint !== undefined && { endpoint }), ...keys };
}

function s3Parameters(query: string): { endpoint?: string; region?: string; pathStyle?: boolean } {
  const parameters = new URLSearchParams(query);
  const pairs: [string, string][] = [];
  // lib DOM without DOM.Iterable: URLSearchParams is walked with forEach.
  parameters.forEach((value, name) => pairs.push([name, value]));
  const result: { endpoint?: string; region?: string; pathStyle?: boolean } = {};
  for (const [name, value] of pairs) {
    if (!S3_PARAMETERS.has(name)) throw invalid(`unknown s3:// parameter "${name}"; known: endpoint, region, path-style`);
    if (parameters.getAll(name).length > 1) throw invalid(`the s3:// parameter "${name}" is given twice`);
    if (name === 'endpoint') result.endpoint = value;
    if (name === 'region') result.region = value;
    if (name === 'path-style') result.pathStyle = parseBoolean(value);
  }
  return result;
}

function parseEndpoint(text: string): string {
  const url = parseUrl(text, 'S3 endpoint');
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('the S3 endpoint must be an http:// or https:// URL');
  if (url.username !== '' || url.password !== '') throw invalid('the S3 endpoint may not carry credentials; put them before the bucket');
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') throw invalid('the S3 endpoint must be just scheme, host and port');
  return url.origin;
}

function s3Prefix(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '';
  const prefix = trimmed.split('/').map(decode).join('/');
  try {
    assertObjectName(prefix);
  } catch {
    throw invalid('the S3 key prefix has an empty, "." or ".." segment or an unusable character');
  }
  return `${prefix}/`;
}

function s3Keys(userInfo: string | undefined, credentials: DestinationCredentials): Partial<S3DestinationConfig> {
  const colon = userInfo?.indexOf(':') ?? -1;
  const fromUrl = userInfo === undefined ? {} : colon < 0 ? { id: userInfo } : { id: userInfo.slice(0, colon), secret: userInfo.slice(colon + 1) };
  const accessKeyId = credentials.accessKeyId ?? optional(decode(fromUrl.id ?? ''));
  const secretAccessKey = credentials.secretAccessKey ?? optional(decode(fromUrl.secret ?? ''));
  const { sessionToken } = credentials;
  return {
    ...(accessKeyId !== undefined && { accessKeyId }),
    ...(secretAccessKey !== undefined && { secretAccessKey }),
    ...(sessionToken !== undefined && { sessionToken }),
  };
}

function parseBoolean(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalid('path-style must be true or false');
}

function parseUrl(text: string, what: string): URL {
  try {
    return new URL(text);
  } catch {
    throw invalid(`not a valid ${what}`);
  }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid('a percent-encoded part of the URL is not valid UTF-8');
  }
}

function optional(text: string): string | undefined {
  return text === '' ? undefined : text;
}

function invalid(message: string): CoreError {
  return new CoreError('ERR_DESTINATION_INVALID', `Invalid backup destination: ${message}.`);
}
