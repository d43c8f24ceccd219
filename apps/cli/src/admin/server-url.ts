/**
 * Checks the organisation server's address before any token is sent to it. Admin tokens are
 * bearer credentials for a whole tenant, so they only travel over HTTPS; plain HTTP is accepted
 * for loopback addresses alone (a server on this machine, development and tests), mirroring the
 * server's own warning about plain HTTP on a public address.
 *
 * @module
 */
import { CliError } from '../errors.js';

/** True for hosts that never leave this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** True when bearer tokens may be sent to `url`: HTTPS, or HTTP to a loopback host. */
export function isSafeForTokens(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/**
 * The server's base URL, normalised without a trailing slash, or `ERR_ADMIN_SERVER_INVALID`.
 * Credentials, queries and fragments in the URL are refused: they would end up in logs.
 *
 * @example
 * ```ts
 * parseServerUrl('https://id.example.com/'); // → 'https://id.example.com'
 * parseServerUrl('http://id.example.com');   // throws ERR_ADMIN_SERVER_INVALID
 * ```
 */
export function parseServerUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError('ERR_ADMIN_SERVER_INVALID', `The server address is not a URL: ${JSON.stringify(raw)}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CliError('ERR_ADMIN_SERVER_INVALID', 'The server address must start with https://.');
  }
  if (!isSafeForTokens(url)) {
    throw new CliError('ERR_ADMIN_SERVER_INVALID', 'The server address must use https:// (plain http:// is only allowed for this machine, e.g. http://localhost:8080).');
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new CliError('ERR_ADMIN_SERVER_INVALID', 'The server address must not contain a user name, password, query or fragment.');
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
