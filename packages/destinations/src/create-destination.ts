/**
 * Opens a remote destination from its config: the one place that picks WebDAV or S3. Folders are
 * opened by the app (they need a file system, which this isomorphic package does not have).
 *
 * @module
 */
import { CoreError, type Destination } from '@tessera/core';
import {
  describeDestination,
  type RemoteDestinationConfig,
  type S3DestinationConfig,
  type WebdavDestinationConfig,
} from './destination-config.js';
import type { FetchFunction } from './internal/http.js';
import { s3Destination } from './s3/s3-destination.js';
import { webdavDestination } from './webdav/webdav-destination.js';

/** What opening a remote destination needs from the environment. */
export interface DestinationEnvironment {
  /** `globalThis.fetch` or any function with its signature. */
  readonly fetch: FetchFunction;
  /** Clock for S3 request signing, Unix epoch milliseconds. */
  readonly now: () => number;
  /** Bound on each request, answer included; default 10 000 ms. */
  readonly timeoutMs?: number;
}

/**
 * The {@link Destination} for a WebDAV or S3 config. Nothing is sent until the first call.
 * Throws `ERR_DESTINATION_AUTH` for an S3 config without its key pair, and `TypeError` for a
 * folder config (the app opens folders itself).
 *
 * @example
 * ```ts
 * const config = parseDestinationUrl('webdavs://cloud.example.com/dav/', { username: 'ada', password });
 * if (config.kind !== 'folder') {
 *   const destination = createDestination(config, { fetch: globalThis.fetch, now: Date.now });
 * }
 * ```
 */
export function createDestination(config: RemoteDestinationConfig, environment: DestinationEnvironment): Destination {
  switch (config.kind) {
    case 'webdav':
      return openWebdav(config, environment);
    case 's3':
      return openS3(config, environment);
    default:
      // Reachable from JavaScript or a widened type: a folder config.
      throw new TypeError('createDestination opens WebDAV and S3 destinations; open folders with the app’s folder destination.');
  }
}

function openWebdav(config: WebdavDestinationConfig, environment: DestinationEnvironment): Destination {
  const { url, username, password } = config;
  return webdavDestination({
    url,
    fetch: environment.fetch,
    ...(environment.timeoutMs !== undefined && { timeoutMs: environment.timeoutMs }),
    ...(username !== undefined && { username }),
    ...(password !== undefined && { password }),
  });
}

function openS3(config: S3DestinationConfig, environment: DestinationEnvironment): Destination {
  const { bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey, sessionToken } = config;
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    throw new CoreError('ERR_DESTINATION_AUTH', `${describeDestination(config)} needs an access key id and a secret access key.`);
  }
  return s3Destination({
    bucket,
    prefix,
    region,
    pathStyle,
    accessKeyId,
    secretAccessKey,
    fetch: environment.fetch,
    now: environment.now,
    ...(endpoint !== undefined && { endpoint }),
    ...(sessionToken !== undefined && { sessionToken }),
    ...(environment.timeoutMs !== undefined && { timeoutMs: environment.timeoutMs }),
  });
}
