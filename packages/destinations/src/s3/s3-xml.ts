/**
 * The two S3 answers a destination reads: a `ListBucketResult` page (ListObjectsV2) and an
 * `Error`. Elements are matched by local name only: AWS uses the
 * `http://s3.amazonaws.com/doc/2006-03-01/` namespace, but S3-compatible servers use others or
 * none (s3rver sends `http://doc.s3.amazonaws.com/2006-03-01/`).
 *
 * @module
 */
import { CoreError } from '@tessera/core';
import { childNamed, childrenNamed, parseXml } from '../internal/xml.js';

/** One page of a listing. */
export interface ListObjectsPage {
  readonly objects: readonly { readonly key: string; readonly size?: number }[];
  readonly truncated: boolean;
  /** Where the next page starts; present when `truncated`. */
  readonly nextContinuationToken?: string;
}

/**
 * Reads a ListObjectsV2 answer. Keys are taken verbatim (they may begin or end with spaces).
 *
 * @example
 * ```ts
 * const page = parseListObjects(xmlText);
 * if (page.truncated) continueFrom(page.nextContinuationToken);
 * ```
 */
export function parseListObjects(xml: string): ListObjectsPage {
  const root = parseXml(xml);
  if (root.name !== 'ListBucketResult') throw failed('the listing is not a ListBucketResult');
  const objects = childrenNamed(root, 'Contents').map((contents) => {
    const key = childNamed(contents, 'Key')?.text;
    if (key === undefined) throw failed('a listed object has no Key');
    const size = childNamed(contents, 'Size')?.text.trim();
    return size !== undefined && /^\d{1,15}$/.test(size) ? { key, size: Number(size) } : { key };
  });
  const truncatedText = childNamed(root, 'IsTruncated')?.text.trim() ?? 'false';
  if (truncatedText !== 'true' && truncatedText !== 'false') throw failed('IsTruncated is neither true nor false');
  const token = childNamed(root, 'NextContinuationToken')?.text;
  const truncated = truncatedText === 'true';
  return token === undefined || !truncated ? { objects, truncated } : { objects, truncated, nextContinuationToken: token };
}

/**
 * The `Code` of an S3 `Error` answer (`NoSuchBucket`, `AccessDenied`, …), or `undefined` when the
 * body is not one; never throws, as it only decorates another error.
 *
 * @example
 * ```ts
 * s3ErrorCode('<Error><Code>NoSuchKey</Code></Error>'); // 'NoSuchKey'
 * ```
 */
export function s3ErrorCode(xml: string): string | undefined {
  try {
    const root = parseXml(xml);
    const code = root.name === 'Error' ? childNamed(root, 'Code')?.text.trim() : undefined;
    return code !== undefined && /^[A-Za-z0-9.]{1,64}$/.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}

function failed(message: string): CoreError {
  return new CoreError('ERR_DESTINATION_FAILED', `The S3 server sent an unusable listing: ${message}.`);
}
