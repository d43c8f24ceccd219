/**
 * Turns what the person typed (`--to` / `--from`) into a {@link Destination}: folders through the
 * Node file system, WebDAV and S3 through `@tessera/destinations` over Node's `fetch`.
 * Credentials come from the URL, the environment (`TESSERA_WEBDAV_USER`/`TESSERA_WEBDAV_PASSWORD`,
 * the standard `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`) or a hidden prompt,
 * and are only ever stored encrypted (in `backup.age`).
 *
 * @module
 */
import { resolve } from 'node:path';
import type { Destination } from '@tessera/core';
import { createDestination, describeDestination, parseDestinationUrl, type DestinationConfig } from '@tessera/destinations';
import type { CliIo } from '../io.js';
import { askHidden } from '../terminal/prompt.js';
import { folderDestination } from './folder-destination.js';
import type { DestinationCredentials } from './settings.js';

/** A destination ready to use, with what must be remembered to open it again. */
export interface OpenedDestination {
  readonly destination: Destination;
  /** The URL without credentials: what `backup.age` stores and messages show. */
  readonly description: string;
  readonly credentials: DestinationCredentials;
}

function fromEnvironment(io: CliIo): DestinationCredentials {
  const pick = (key: string): string | undefined => {
    const value = io.env[key];
    return value === undefined || value === '' ? undefined : value;
  };
  const entries = {
    username: pick('TESSERA_WEBDAV_USER'),
    password: pick('TESSERA_WEBDAV_PASSWORD'),
    accessKeyId: pick('AWS_ACCESS_KEY_ID'),
    secretAccessKey: pick('AWS_SECRET_ACCESS_KEY'),
    sessionToken: pick('AWS_SESSION_TOKEN'),
  };
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}

/** Asks for what is still missing, when someone is there to ask. */
async function complete(io: CliIo, config: DestinationConfig): Promise<DestinationConfig> {
  const interactive = io.stdin.isTTY === true;
  if (config.kind === 'webdav' && config.username !== undefined && config.password === undefined && interactive) {
    return { ...config, password: await askHidden(io, `WebDAV password for ${config.username}: `) };
  }
  if (config.kind === 's3' && config.secretAccessKey === undefined && interactive) {
    const accessKeyId = config.accessKeyId ?? (await askHidden(io, 'S3 access key id: '));
    return { ...config, accessKeyId, secretAccessKey: await askHidden(io, 'S3 secret access key: ') };
  }
  return config;
}

function credentialsOf(config: DestinationConfig): DestinationCredentials {
  if (config.kind === 'folder') return {};
  const fields = config.kind === 'webdav'
    ? { username: config.username, password: config.password }
    : { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, sessionToken: config.sessionToken };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/**
 * Opens `text` as a destination. `stored` credentials (from `backup.age`) are used first, then the
 * environment, then a prompt.
 */
export async function openDestination(io: CliIo, text: string, stored: DestinationCredentials = {}): Promise<OpenedDestination> {
  const parsed = parseDestinationUrl(text, { ...fromEnvironment(io), ...stored });
  const config = await complete(io, parsed);
  if (config.kind === 'folder') {
    const path = resolve(io.cwd, config.path);
    return { destination: folderDestination(path), description: path, credentials: {} };
  }
  const destination = createDestination(config, { fetch: globalThis.fetch, now: io.now });
  return { destination, description: describeDestination(config), credentials: credentialsOf(config) };
}
