/**
 * Where backups go, as data: a folder, a WebDAV collection or an S3 bucket (with a key prefix).
 * A config is what the CLI stores (credentials encrypted with the device key) and what
 * {@link describeDestination} turns back into a credential-free URL for messages and logs.
 *
 * @module
 */

/** A folder on this machine (any synced folder, a USB stick). Opened by the app, not by this package. */
export interface FolderDestinationConfig {
  readonly kind: 'folder';
  /** The folder as given: absolute from a `file:` URL, possibly relative from a plain path. */
  readonly path: string;
}

/** A WebDAV collection (Nextcloud, ownCloud, `rclone serve webdav`, any server). */
export interface WebdavDestinationConfig {
  readonly kind: 'webdav';
  /** `http:`/`https:` URL of the collection, ending in `/`, without credentials. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
}

/** An S3 bucket, optionally under a key prefix, on AWS or any S3-compatible server. */
export interface S3DestinationConfig {
  readonly kind: 's3';
  readonly bucket: string;
  /** Key prefix every object name is put under: `''` or ending in `/` (e.g. `backups/ada/`). */
  readonly prefix: string;
  /** Origin of an S3-compatible server (`http://127.0.0.1:9000`); absent for AWS. */
  readonly endpoint?: string;
  /** Signing region; `us-east-1` unless told otherwise. */
  readonly region: string;
  /** Path-style addressing (`endpoint/bucket/key`) rather than virtual-hosted (`bucket.endpoint/key`). */
  readonly pathStyle: boolean;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly sessionToken?: string;
}

/** Any destination. */
export type DestinationConfig = FolderDestinationConfig | WebdavDestinationConfig | S3DestinationConfig;

/** The destinations this package opens itself (over `fetch`); folders are the app's business. */
export type RemoteDestinationConfig = WebdavDestinationConfig | S3DestinationConfig;

/**
 * Credentials supplied apart from the URL (from a prompt, or the CLI's reading of
 * `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`). Each field given here wins over the same one in
 * the URL; fields that do not apply to the destination's kind are ignored.
 */
export interface DestinationCredentials {
  readonly username?: string;
  readonly password?: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly sessionToken?: string;
}

/** Region assumed when an `s3://` URL names none. */
export const DEFAULT_S3_REGION = 'us-east-1';

/**
 * Path-style addressing is the default for custom endpoints (MinIO, s3rver, Ceph and most
 * self-hosted servers only route that way) and for AWS buckets with dots in their names (their
 * virtual-hosted names do not match AWS's TLS certificate).
 */
export function defaultPathStyle(bucket: string, endpoint: string | undefined): boolean {
  return endpoint !== undefined || bucket.includes('.');
}

/**
 * The destination as a URL without any credential, for messages and logs. Parsing it again
 * gives the same destination (minus credentials).
 *
 * @example
 * ```ts
 * describeDestination(parseDestinationUrl('webdavs://ada:secret@cloud.example.com/dav/'));
 * // 'webdavs://cloud.example.com/dav/'
 * ```
 */
export function describeDestination(config: DestinationConfig): string {
  switch (config.kind) {
    case 'folder':
      return config.path;
    case 'webdav': {
      const url = new URL(config.url);
      return `${url.protocol === 'https:' ? 'webdavs' : 'webdav'}://${url.host}${url.pathname}`;
    }
    case 's3':
      return describeS3(config);
  }
}

function describeS3(config: S3DestinationConfig): string {
  const query: string[] = [];
  if (config.endpoint !== undefined) query.push(`endpoint=${config.endpoint}`);
  if (config.region !== DEFAULT_S3_REGION) query.push(`region=${config.region}`);
  if (config.pathStyle !== defaultPathStyle(config.bucket, config.endpoint)) query.push(`path-style=${String(config.pathStyle)}`);
  const path = config.prefix.split('/').map(encodeURIComponent).join('/');
  return `s3://${config.bucket}/${path}${query.length > 0 ? `?${query.join('&')}` : ''}`;
}
