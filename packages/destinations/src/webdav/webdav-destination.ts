/**
 * A {@link Destination} on a WebDAV server (RFC 4918) over an injected `fetch`: `PROPFIND` with
 * `Depth: 1`, walking into sub-collections, to list (servers commonly refuse `Depth: infinity`);
 * `GET` to read; `PUT` with `If-None-Match: *` to create, making missing parent collections with
 * `MKCOL` when the server says the parent is missing; `DELETE` to remove. Basic authentication,
 * so use `webdavs://` (https) anywhere but loopback. Many servers (rclone among them) ignore
 * `If-None-Match` on `PUT` and overwrite; callers never rely on it (see the port's contract).
 *
 * @module
 */
import { CoreError, type Destination, type DestinationEntry } from '@tessera/core';
import { describeDestination } from '../destination-config.js';
import { send, statusError, type FetchFunction, type HttpClient, type HttpResponse } from '../internal/http.js';
import { encodeNamePath, timeoutOrDefault } from '../internal/options.js';
import { assertListPrefix, assertObjectName, prefixFolder } from '../names.js';
import { decodePathSegments, parseMultistatus, type DavResource } from './multistatus.js';
import { basicAuthorization } from './basic-auth.js';

/** Options of {@link webdavDestination}. */
export interface WebdavDestinationOptions {
  /** `http:`/`https:` URL of the collection holding the backups, without credentials. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** `globalThis.fetch` or any function with its signature. */
  readonly fetch: FetchFunction;
  /** Bound on each request, answer included; default 10 000 ms. */
  readonly timeoutMs?: number;
}

const PROPFIND_BODY =
  '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getcontentlength/></d:prop></d:propfind>';

interface Context {
  readonly client: HttpClient;
  /** The collection URL, ending in `/`. */
  readonly base: string;
  readonly baseSegments: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Opens the WebDAV collection at `options.url` (nothing is sent until the first call).
 *
 * @example
 * ```ts
 * const destination = webdavDestination({
 *   url: 'https://cloud.example.com/remote.php/dav/files/ada/tessera/',
 *   username: 'ada',
 *   password,
 *   fetch: globalThis.fetch,
 * });
 * await destination.create('tessera/keyring.age', bytes);
 * ```
 */
export function webdavDestination(options: WebdavDestinationOptions): Destination {
  const base = collectionUrl(options.url);
  const description = describeDestination({ kind: 'webdav', url: base });
  const client: HttpClient = { fetch: options.fetch, timeoutMs: timeoutOrDefault(options.timeoutMs), description };
  const auth = options.username !== undefined || options.password !== undefined;
  const headers = auth ? { authorization: basicAuthorization(options.username ?? '', options.password ?? '') } : {};
  const context: Context = { client, base, baseSegments: decodePathSegments(new URL(base).pathname), headers };
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
  const entries: DestinationEntry[] = [];
  await walk(context, prefixFolder(prefix), prefix, entries);
  return entries;
}

/** Lists `folder` (a name prefix ending in `/`, or `''`) and walks into the collections that can hold matches. */
async function walk(context: Context, folder: string, prefix: string, entries: DestinationEntry[]): Promise<void> {
  for (const resource of await propfind(context, folder)) {
    const name = relativeName(context, resource, folder);
    if (name === undefined) continue;
    if (resource.collection) {
      const child = `${name}/`;
      if (child.startsWith(prefix) || prefix.startsWith(child)) await walk(context, child, prefix, entries);
    } else if (name.startsWith(prefix) && isUsableName(name)) {
      entries.push(resource.size === undefined ? { name } : { name, size: resource.size });
    }
  }
}

async function propfind(context: Context, folder: string): Promise<DavResource[]> {
  const url = context.base + encodeNamePath(folder);
  const headers = { ...context.headers, depth: '1', 'content-type': 'application/xml; charset=utf-8' };
  const response = await send(context.client, { method: 'PROPFIND', url, headers, body: new TextEncoder().encode(PROPFIND_BODY) });
  if (response.status === 404) return [];
  if (response.status !== 207) throw statusError(context.client, `listing ${folder === '' ? 'the collection' : folder}`, response.status);
  return parseMultistatus(decodeUtf8(response), url);
}

/**
 * The object name of `resource` relative to the destination root, or `undefined` for the listed
 * collection itself. A resource outside `folder` means the server and we disagree about paths
 * (a proxy rewriting them, say): that is reported, not guessed around.
 */
function relativeName(context: Context, resource: DavResource, folder: string): string | undefined {
  const base = context.baseSegments;
  const inside = resource.segments.length >= base.length && base.every((segment, index) => resource.segments[index] === segment);
  const name = inside ? resource.segments.slice(base.length).join('/') : undefined;
  if (name === undefined || !(name === '' || `${name}/`.startsWith(folder))) {
    throw new CoreError('ERR_DESTINATION_FAILED', `${context.client.description} listed a resource outside the collection it was asked about.`);
  }
  return `${name}/` === folder || name === '' ? undefined : name;
}

async function read(context: Context, name: string): Promise<Uint8Array | undefined> {
  assertObjectName(name);
  const response = await send(context.client, { method: 'GET', url: context.base + encodeNamePath(name), headers: context.headers });
  if (response.status === 404 || response.status === 410) return undefined;
  if (response.status !== 200) throw statusError(context.client, `reading ${name}`, response.status);
  return response.body;
}

async function create(context: Context, name: string, bytes: Uint8Array): Promise<void> {
  assertObjectName(name);
  let response = await put(context, name, bytes);
  const parent = [...context.baseSegments, ...name.split('/').slice(0, -1)];
  // RFC 4918 says 409 for a missing parent; rclone and others answer 404.
  if ((response.status === 409 || response.status === 404) && parent.length > 0) {
    await makeCollection(context, parent);
    response = await put(context, name, bytes);
  }
  if (response.status === 412) throw new CoreError('ERR_DESTINATION_EXISTS', `${context.client.description} already has ${name}.`);
  if (response.status !== 200 && response.status !== 201 && response.status !== 204) {
    throw statusError(context.client, `writing ${name}`, response.status);
  }
}

function put(context: Context, name: string, bytes: Uint8Array): Promise<HttpResponse> {
  const headers = { ...context.headers, 'if-none-match': '*', 'content-type': 'application/octet-stream' };
  return send(context.client, { method: 'PUT', url: context.base + encodeNamePath(name), headers, body: bytes });
}

/**
 * Makes the collection holding `name` and any missing collection above it, `mkdir -p` style but
 * bottom-up: `MKCOL` the deepest first and climb only while the server answers 409 (parent
 * missing), so collections that exist — including the server's own (`/remote.php/dav/…`) — are
 * never touched. The configured collection itself is created when missing.
 */
async function makeCollection(context: Context, segments: readonly string[]): Promise<void> {
  const url = `${new URL(context.base).origin}/${segments.map(encodeURIComponent).join('/')}/`;
  const attempt = (): Promise<HttpResponse> => send(context.client, { method: 'MKCOL', url, headers: context.headers });
  let response = await attempt();
  if (response.status === 409 && segments.length > 1) {
    await makeCollection(context, segments.slice(0, -1));
    response = await attempt();
  }
  // 405: it exists already (rclone answers 201 either way).
  if (response.status !== 201 && response.status !== 405) {
    throw statusError(context.client, `creating the folder /${segments.join('/')}/`, response.status);
  }
}

async function remove(context: Context, name: string): Promise<void> {
  assertObjectName(name);
  const response = await send(context.client, { method: 'DELETE', url: context.base + encodeNamePath(name), headers: context.headers });
  if (response.status === 404 || response.status === 410) return;
  if (response.status < 200 || response.status > 299) throw statusError(context.client, `removing ${name}`, response.status);
}

function collectionUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CoreError('ERR_DESTINATION_INVALID', 'The WebDAV destination URL is not a valid URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CoreError('ERR_DESTINATION_INVALID', 'A WebDAV URL must be http: or https:.');
  if (url.username !== '' || url.password !== '') {
    throw new CoreError('ERR_DESTINATION_INVALID', 'Pass WebDAV credentials as username/password, not inside the URL.');
  }
  if (url.search !== '' || url.hash !== '') throw new CoreError('ERR_DESTINATION_INVALID', 'A WebDAV URL may not have a query or fragment.');
  return `${url.protocol}//${url.host}${url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`}`;
}

function isUsableName(name: string): boolean {
  try {
    assertObjectName(name);
    return true;
  } catch {
    return false;
  }
}

function decodeUtf8(response: HttpResponse): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(response.body);
  } catch {
    throw new CoreError('ERR_DESTINATION_FAILED', 'The WebDAV server sent a listing that is not UTF-8.');
  }
}
