/**
 * Where a bucket's requests go. Path-style puts the bucket in the path
 * (`http://127.0.0.1:9000/bucket/key`), virtual-hosted style in the host name
 * (`https://bucket.s3.eu-west-1.amazonaws.com/key`); without an endpoint the bucket is on AWS.
 *
 * @module
 */
import { CoreError } from '@tessera/core';
import { assertObjectName } from '../names.js';

// AWS's bucket naming rules (plus `_`, which older and compatible servers allow).
const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;
// `us-east-1`, `eu-central-2`, or whatever a compatible server calls itself.
const REGION_NAME = /^[a-z0-9-]{1,64}$/;

/** True for a bucket name S3 accepts: 3–63 lower-case letters, digits, `.`, `-`, `_`. */
export function isS3BucketName(name: string): boolean {
  return BUCKET_NAME.test(name);
}

/** True for a plausible region name (`us-east-1`; compatible servers pick their own). */
export function isS3RegionName(name: string): boolean {
  return REGION_NAME.test(name);
}

/** What {@link s3Location} needs. */
export interface S3LocationOptions {
  readonly bucket: string;
  readonly prefix: string;
  readonly endpoint?: string;
  readonly region: string;
  readonly pathStyle: boolean;
}

/** The URLs of one bucket. */
export interface S3Location {
  /** URL of the bucket itself, for ListObjectsV2 (query appended). */
  readonly bucketUrl: string;
  /** Prefix of every object URL, ending in `/`; the encoded key follows. */
  readonly objectBase: string;
  /** The key prefix object names are put under (`''` or ending in `/`). */
  readonly prefix: string;
}

/**
 * Validates the options and computes the bucket's URLs; throws `ERR_DESTINATION_INVALID` for a
 * bad bucket, prefix, region or endpoint (a stored config may have been edited by hand).
 *
 * @example
 * ```ts
 * s3Location({ bucket: 'b', prefix: '', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', pathStyle: true }).objectBase;
 * // 'http://127.0.0.1:9000/b/'
 * ```
 */
export function s3Location(options: S3LocationOptions): S3Location {
  const { bucket, region, prefix } = options;
  if (!isS3BucketName(bucket)) throw invalid('the bucket name must be 3-63 lower-case letters, digits, ".", "-" or "_"');
  if (!isS3RegionName(region)) throw invalid('the region must be lower-case letters, digits and "-"');
  checkPrefix(prefix);
  const endpoint = options.endpoint === undefined ? undefined : checkedEndpoint(options.endpoint);
  if (options.pathStyle) {
    const origin = endpoint?.origin ?? `https://s3.${region}.amazonaws.com`;
    return { bucketUrl: `${origin}/${bucket}`, objectBase: `${origin}/${bucket}/`, prefix };
  }
  const origin = endpoint === undefined ? `https://${bucket}.s3.${region}.amazonaws.com` : `${endpoint.protocol}//${bucket}.${endpoint.host}`;
  return { bucketUrl: `${origin}/`, objectBase: `${origin}/`, prefix };
}

function checkPrefix(prefix: string): void {
  if (prefix === '') return;
  if (!prefix.endsWith('/')) throw invalid('the key prefix must be empty or end with "/"');
  try {
    assertObjectName(prefix.slice(0, -1));
  } catch {
    throw invalid('the key prefix has an empty, "." or ".." segment or an unusable character');
  }
}

function checkedEndpoint(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('the endpoint is not a URL');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== text.replace(/\/$/, '')) {
    throw invalid('the endpoint must be an http(s) origin: scheme, host and port only');
  }
  return url;
}

function invalid(message: string): CoreError {
  return new CoreError('ERR_DESTINATION_INVALID', `Invalid S3 destination: ${message}.`);
}
