/**
 * Reading a WebDAV `PROPFIND` answer (RFC 4918 §9.1, §14.16): a `multistatus` of `response`s,
 * each with an `href` and the properties found for it. Servers differ in the details, all of
 * which are handled: any namespace prefix (`D:`, `d:`, a default `xmlns="DAV:"`), hrefs that are
 * absolute URLs or absolute paths (resolved against the request URL; only the path is used, as
 * servers behind proxies often report an internal host), percent-encoding (decoded per segment),
 * and several `propstat`s per response (only the 200 one counts).
 *
 * @module
 */
import { CoreError } from '@tessera/core';
import { childNamed, childrenNamed, parseXml, type XmlElement } from '../internal/xml.js';

const DAV = 'DAV:';

/** One resource of a listing. */
export interface DavResource {
  /** Decoded path segments from the server root, e.g. `['dav', 'tessera', 'keyring.age']`. */
  readonly segments: readonly string[];
  readonly collection: boolean;
  readonly size?: number;
}

/**
 * The resources in a `multistatus` document fetched from `requestUrl`. Responses without a
 * successful `propstat` (a member the server could not read) are left out.
 *
 * @example
 * ```ts
 * const resources = parseMultistatus(xmlText, 'https://cloud.example.com/dav/tessera/');
 * ```
 */
export function parseMultistatus(xml: string, requestUrl: string): DavResource[] {
  const root = parseXml(xml);
  if (root.namespace !== DAV || root.name !== 'multistatus') throw failed('the PROPFIND answer is not a DAV:multistatus');
  const resources: DavResource[] = [];
  for (const response of childrenNamed(root, 'response', DAV)) {
    const resource = readResponse(response, requestUrl);
    if (resource !== undefined) resources.push(resource);
  }
  return resources;
}

/** Splits a URL path into decoded segments, dropping the empty ones around slashes. */
export function decodePathSegments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw failed('an href is not valid percent-encoded UTF-8');
      }
    });
}

function readResponse(response: XmlElement, requestUrl: string): DavResource | undefined {
  const href = childNamed(response, 'href', DAV);
  if (href === undefined) throw failed('a PROPFIND response has no href');
  const prop = successfulProp(response);
  if (prop === undefined) return undefined;
  const segments = decodePathSegments(resolveHref(href.text.trim(), requestUrl));
  const resourceType = childNamed(prop, 'resourcetype', DAV);
  const collection = resourceType !== undefined && childNamed(resourceType, 'collection', DAV) !== undefined;
  const size = contentLength(prop);
  return size === undefined || collection ? { segments, collection } : { segments, collection, size };
}

/** The `prop` of the `propstat` whose status is 2xx (a missing status counts as success). */
function successfulProp(response: XmlElement): XmlElement | undefined {
  for (const propstat of childrenNamed(response, 'propstat', DAV)) {
    const status = childNamed(propstat, 'status', DAV)?.text.trim();
    if (status !== undefined && !/^HTTP\/\d(?:\.\d)? 2\d\d\b/.test(status)) continue;
    const prop = childNamed(propstat, 'prop', DAV);
    if (prop !== undefined) return prop;
  }
  return undefined;
}

function resolveHref(href: string, requestUrl: string): string {
  if (href === '') throw failed('a PROPFIND response has an empty href');
  try {
    return new URL(href, requestUrl).pathname;
  } catch {
    throw failed('a PROPFIND response has an unusable href');
  }
}

function contentLength(prop: XmlElement): number | undefined {
  const text = childNamed(prop, 'getcontentlength', DAV)?.text.trim();
  if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

function failed(message: string): CoreError {
  return new CoreError('ERR_DESTINATION_FAILED', `The WebDAV server sent an unusable listing: ${message}.`);
}
