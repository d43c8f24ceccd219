/**
 * A {@link Destination} in an S3 bucket (AWS or any S3-compatible server) over an injected
 * `fetch`, signed with AWS Signature Version 4: ListObjectsV2 (following continuation tokens)
 * to list, `GetObject`, `PutObject` with `If-None-Match: *` (honoured by AWS since 2024 and some
 * compatible servers; others, s3rver among them, overwrite — callers never rely on it) and
 * `DeleteObject`. Object names live under the configured key prefix.
 *
 * @module
 */
import { CoreError, type Destination, type DestinationEntry } from '@tessera/core';
import { describeDestination, type S3DestinationConfig } from '../destination-config.js';
import { sha256Hex } from '../internal/hash.js';
import { send, statusError, type FetchFunction, type HttpClient, type HttpResponse } from '../internal/http.js';
import { timeoutOrDefault } from '../internal/options.js';
import { assertListPrefix, assertObjectName } from '../names.js';
import { parseListObjects, s3ErrorCode } from './s3-xml.js';
import { s3Location, type S3Location } from './s3-location.js';
import { EMPTY_PAYLOAD_HASH, signRequest, uriEncode, type SigningCredentials } from './sigv4.js';

/** Options of {@link s3Destination}. */
export interface S3DestinationOptions {
  readonly bucket: string;
  /** Key prefix for every object: `''` or ending in `/`. */
  readonly prefix: string;
  /** Origin of an S3-compatible server; absent for AWS. */
  readonly endpoint?: string;
  readonly region: string;
  readonly pathStyle: boolean;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** `globalThis.fetch` or any function with its signature. */
  readonly fetch: FetchFunction;
  /** Bound on each request, answer included; default 10 000 ms. */
  readonly timeoutMs?: number;
  /** The clock requests are signed with, Unix epoch milliseconds (S3 refuses more than 15 min of skew). */
  readonly now: () => number;
  /** Keys asked for per listing page, 1–1000 (S3's maximum and the default). */
  readonly maxKeysPerPage?: number;
}

/** More pages than this (ten million objects at 1000 a page) means a server that never stops. */
const MAX_LIST_PAGES = 10_000;

interface Context {
  readonly client: HttpClient;
  readonly location: S3Location;
  readonly credentials: SigningCredentials;
  readonly region: string;
  readonly now: () => number;
  readonly maxKeys: number;
}

/**
 * Opens the bucket described by `options` (nothing is sent until the first call).
 *
 * @example
 * ```ts
 * const destination = s3Destination({
 *   bucket: 'ada-backups', prefix: 'tessera-laptop/', region: 'eu-west-1', pathStyle: false,
 *   accessKeyId, secretAccessKey, fetch: globalThis.fetch, now: Date.now,
 * });
 * const entries = await destination.list('tessera/devices/');
 * ```
 */
export function s3Destination(options: S3DestinationOptions): Destination {
  const location = s3Location(options);
  const description = describeDestination({ kind: 's3', ...pick(options) });
  const { accessKeyId, secretAccessKey, sessionToken } = options;
  const credentials = sessionToken === undefined ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, sessionToken };
  const context: Context = {
    client: { fetch: options.fetch, timeoutMs: timeoutOrDefault(options.timeoutMs), description },
    location,
    credentials,
    region: options.region,
    now: options.now,
    maxKeys: maxKeysOrDefault(options.maxKeysPerPage),
  };
  return {
    description,
    list: (prefix) => list(context, prefix),
    read: (name) => read(context, name),
    create: (name, bytes) => create(context, name, bytes),
    remove: (name) => remove(context, name),
  };
}

async function list(context: Context, prefix: string): Promise<DestinationEntry[]> {
  assertListPrefix(prefix);
  const keyPrefix = context.location.prefix + prefix;
  const entries: DestinationEntry[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
    const query = `list-type=2&max-keys=${context.maxKeys}&prefix=${uriEncode(keyPrefix)}${token === undefined ? '' : `&continuation-token=${uriEncode(token)}`}`;
    const response = await request(context, 'GET', `${context.location.bucketUrl}?${query}`);
    if (response.status !== 200) throw failure(context, 'listing', response);
    const result = parseListObjects(decodeUtf8(response.body));
    for (const object of result.objects) addEntry(entries, object, context.location.prefix, prefix);
    if (!result.truncated) return entries;
    if (result.nextContinuationToken === undefined || result.nextContinuationToken === token) {
      throw new CoreError('ERR_DESTINATION_FAILED', `${context.client.description} sent a truncated listing without a new continuation token.`);
    }
    token = result.nextContinuationToken;
  }
  throw new CoreError('ERR_DESTINATION_FAILED', `${context.client.description} sent more than ${MAX_LIST_PAGES} listing pages.`);
}

/** Keys that are not valid names (folder markers like `a/`, `..`) are none of ours and skipped. */
function addEntry(entries: DestinationEntry[], object: { key: string; size?: number }, keyPrefix: string, prefix: string): void {
  if (!object.key.startsWith(keyPrefix)) return;
  const name = object.key.slice(keyPrefix.length);
  if (!name.startsWith(prefix)) return;
  try {
    assertObjectName(name);
  } catch {
    return;
  }
  entries.push(object.size === undefined ? { name } : { name, size: object.size });
}

async function read(context: Context, name: string): Promise<Uint8Array | undefined> {
  assertObjectName(name);
  const response = await request(context, 'GET', objectUrl(context, name));
  if (response.status === 200) return response.body;
  if (response.status === 404 && errorCode(response) !== 'NoSuchBucket') return undefined;
  throw failure(context, `reading ${name}`, response);
}

async function create(context: Context, name: string, bytes: Uint8Array): Promise<void> {
  assertObjectName(name);
  const url = objectUrl(context, name);
  let response = await request(context, 'PUT', url, { 'if-none-match': '*', 'content-type': 'application/octet-stream' }, bytes);
  // A server that does not implement conditional writes may refuse the header outright (501)
  // instead of ignoring it; the port does not promise the condition, so send a plain PUT.
  if (response.status === 501) response = await request(context, 'PUT', url, { 'content-type': 'application/octet-stream' }, bytes);
  if (response.status === 412) throw new CoreError('ERR_DESTINATION_EXISTS', `${context.client.description} already has ${name}.`);
  if (response.status !== 200) throw failure(context, `writing ${name}`, response);
}

async function remove(context: Context, name: string): Promise<void> {
  assertObjectName(name);
  const response = await request(context, 'DELETE', objectUrl(context, name));
  if (response.status === 204 || response.status === 200) return;
  if (response.status === 404 && errorCode(response) !== 'NoSuchBucket') return;
  throw failure(context, `removing ${name}`, response);
}

function request(context: Context, method: string, url: string, extra: Record<string, string> = {}, body?: Uint8Array): Promise<HttpResponse> {
  const payloadHash = body === undefined ? EMPTY_PAYLOAD_HASH : sha256Hex(body);
  const headers = signRequest({ method, url, headers: extra, payloadHash, region: context.region, now: context.now() }, context.credentials);
  return send(context.client, body === undefined ? { method, url, headers } : { method, url, headers, body });
}

function objectUrl(context: Context, name: string): string {
  return `${context.location.objectBase}${uriEncode(context.location.prefix + name, true)}`;
}

function failure(context: Context, action: string, response: HttpResponse): CoreError {
  return statusError(context.client, action, response.status, errorCode(response));
}

function errorCode(response: HttpResponse): string | undefined {
  return s3ErrorCode(new TextDecoder().decode(response.body));
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CoreError('ERR_DESTINATION_FAILED', 'The S3 server sent a listing that is not UTF-8.');
  }
}

function maxKeysOrDefault(value: number | undefined): number {
  if (value === undefined) return 1000;
  if (!Number.isInteger(value) || value < 1 || value > 1000) throw new RangeError(`maxKeysPerPage must be an integer from 1 to 1000, got ${value}`);
  return value;
}

function pick(options: S3DestinationOptions): Omit<S3DestinationConfig, 'kind'> {
  const { bucket, prefix, region, pathStyle, endpoint } = options;
  return endpoint === undefined ? { bucket, prefix, region, pathStyle } : { bucket, prefix, region, pathStyle, endpoint };
}
