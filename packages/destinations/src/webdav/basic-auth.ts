/**
 * HTTP Basic authentication (RFC 7617) with UTF-8 credentials, the charset every current server
 * expects.
 *
 * @module
 */
import { CoreError } from '@tessera/core';

/**
 * The `Authorization` header value for `username`/`password`.
 *
 * @example
 * ```ts
 * basicAuthorization('Aladdin', 'open sesame'); // 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=='
 * ```
 */
export function basicAuthorization(username: string, password: string): string {
  // The first ":" separates the two, so a user name with one cannot be sent.
  if (username.includes(':')) throw new CoreError('ERR_DESTINATION_INVALID', 'A WebDAV user name cannot contain ":".');
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
