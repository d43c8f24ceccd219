/**
 * AWS Signature Version 4 for S3, header-based, single-chunk payload ("Signature Calculations
 * for the Authorization Header: Transferring Payload in a Single Chunk" in the S3 API reference).
 * The payload hash is always computed and sent as `x-amz-content-sha256` (signed payload).
 * Canonical URI: the request path exactly as sent — S3 wants each key segment URI-encoded once
 * (see {@link uriEncode}) and no further normalisation. Canonical query: names and values
 * URI-encoded, sorted. Canonical headers: every header given plus `host`, lower-cased, trimmed.
 *
 * @module
 */
import { hmacSha256, sha256Hex, toHex, utf8 } from '../internal/hash.js';

/** SHA-256 of the empty payload. */
export const EMPTY_PAYLOAD_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Keys to sign with. */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Temporary credentials' token, sent (and signed) as `x-amz-security-token`. */
  readonly sessionToken?: string;
}

/** A request to sign. `url` already carries the encoded path and query that will be sent. */
export interface SigningRequest {
  readonly method: string;
  readonly url: string;
  /** Headers that will be sent and signed (besides `host`, which `fetch` derives from the URL). */
  readonly headers: Readonly<Record<string, string>>;
  /** Lower-case hex SHA-256 of the body ({@link EMPTY_PAYLOAD_HASH} when there is none). */
  readonly payloadHash: string;
  readonly region: string;
  /** Signing time, Unix epoch milliseconds. */
  readonly now: number;
  /** Default `s3`. */
  readonly service?: string;
}

/**
 * The headers to send: `request.headers` plus `x-amz-date`, `x-amz-content-sha256`,
 * `x-amz-security-token` (with a session token) and `authorization`. `host` is signed but not
 * returned: `fetch` sets it from the URL and refuses to be told.
 *
 * @example
 * ```ts
 * const headers = signRequest(
 *   { method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/test.txt', headers: { range: 'bytes=0-9' },
 *     payloadHash: EMPTY_PAYLOAD_HASH, region: 'us-east-1', now: Date.UTC(2013, 4, 24) },
 *   { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
 * );
 * headers.authorization; // 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, …'
 * ```
 */
export function signRequest(request: SigningRequest, credentials: SigningCredentials): Record<string, string> {
  const amzDate = formatAmzDate(request.now);
  const scope = `${amzDate.slice(0, 8)}/${request.region}/${request.service ?? 's3'}/aws4_request`;
  const headers: Record<string, string> = { ...lowerCaseKeys(request.headers), 'x-amz-date': amzDate, 'x-amz-content-sha256': request.payloadHash };
  if (credentials.sessionToken !== undefined) headers['x-amz-security-token'] = credentials.sessionToken;
  const url = new URL(request.url);
  const signed: Record<string, string> = { ...headers, host: url.host };
  const names = Object.keys(signed).sort();
  const canonicalRequest = [
    request.method,
    url.pathname,
    canonicalQuery(url.search),
    names.map((name) => `${name}:${canonicalHeaderValue(signed[name] ?? '')}\n`).join(''),
    names.join(';'),
    request.payloadHash,
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signature = toHex(hmacSha256(signingKey(credentials.secretAccessKey, scope), stringToSign));
  headers['authorization'] = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}

/**
 * S3's `UriEncode`: every byte except `A-Z a-z 0-9 - . _ ~` as `%XX` (upper-case hex), and `/`
 * too unless `keepSlash`. Stricter than `encodeURIComponent`, which leaves `!'()*` alone.
 *
 * @example
 * ```ts
 * uriEncode('test$file.text'); // 'test%24file.text'
 * uriEncode('a b/c', true); // 'a%20b/c'
 * ```
 */
export function uriEncode(text: string, keepSlash = false): string {
  const encoded = encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}

/** `20130524T000000Z` for 2013-05-24 00:00:00 UTC. */
export function formatAmzDate(now: number): string {
  if (!Number.isFinite(now)) throw new RangeError('now must be a finite number of milliseconds');
  return new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function signingKey(secretAccessKey: string, scope: string): Uint8Array {
  const [date = '', region = '', service = '', terminator = ''] = scope.split('/');
  let key = utf8(`AWS4${secretAccessKey}`);
  for (const part of [date, region, service, terminator]) key = hmacSha256(key, part);
  return key;
}

function canonicalQuery(search: string): string {
  if (search.length <= 1) return '';
  return search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      const value = equals < 0 ? '' : pair.slice(equals + 1);
      return [uriEncode(decodeURIComponent(name)), uriEncode(decodeURIComponent(value))] as const;
    })
    .sort(([a, x], [b, y]) => (a === b ? compare(x, y) : compare(a, b)))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** Code-unit order, which for the ASCII of encoded strings is AWS's byte order. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function canonicalHeaderValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) result[name.toLowerCase()] = value;
  return result;
}
