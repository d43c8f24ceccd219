/**
 * `@tessera/destinations`: where backup ciphertext lives, behind the core's `Destination` port.
 * WebDAV and S3-compatible storage over an injected `fetch` (isomorphic: the same code runs in the
 * CLI and the browser), destination URLs parsed and described without their credentials, and
 * the object-name rules every destination (the CLI's folder destination included) enforces.
 *
 * @module
 */
export { createDestination, type DestinationEnvironment } from './create-destination.js';
export {
  DEFAULT_S3_REGION,
  describeDestination,
  type DestinationConfig,
  type DestinationCredentials,
  type FolderDestinationConfig,
  type RemoteDestinationConfig,
  type S3DestinationConfig,
  type WebdavDestinationConfig,
} from './destination-config.js';
export { DEFAULT_TIMEOUT_MS, type FetchFunction } from './internal/http.js';
export { assertListPrefix, assertObjectName, MAX_OBJECT_NAME_LENGTH } from './names.js';
export { parseDestinationUrl } from './parse-destination-url.js';
export { s3Destination, type S3DestinationOptions } from './s3/s3-destination.js';
export { webdavDestination, type WebdavDestinationOptions } from './webdav/webdav-destination.js';
