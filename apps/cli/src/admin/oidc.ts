/**
 * The OAuth/OIDC side of `tessera admin`: discovery of the server's endpoints and the token
 * endpoint's answers (RFC 6749 §5, RFC 8628 §3.4–3.5, RFC 7009). The CLI is the public client
 * `tessera-cli`: no client secret, tokens bound to the admin's sign-in at the server. Endpoint
 * URLs come from the discovery document and are held to the same rule as the server address
 * (HTTPS, or HTTP on loopback), so a tampered document cannot send tokens in the clear.
 *
 * @module
 */
import { CliError } from '../errors.js';
import { exchange, readJson, sendJson } from './http.js';
import { isServerRequestError } from './server-error.js';
import { isSafeForTokens } from './server-url.js';

/** The CLI's client id at every tessera-server. */
export const CLI_CLIENT_ID = 'tessera-cli';

/** What the CLI asks for: an id token, a refresh token, and the admin API. */
export const ADMIN_SCOPE = 'openid offline_access tessera:admin';

/** The endpoints the CLI uses, from the discovery document. */
export interface OidcEndpoints {
  readonly deviceAuthorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly revocationEndpoint: string | undefined;
  /**
   * Who signed in (a work sign-in asks); `undefined` when the document names none or one tokens
   * must not be sent to — only the work sign-in needs it, so an admin login never fails over it.
   */
  readonly userinfoEndpoint: string | undefined;
}

/** Tokens from the token endpoint; `expiresAt` is epoch milliseconds. */
export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  readonly expiresAt: number;
}

/** An OAuth error answer (`error`, `error_description`). */
export interface OAuthErrorAnswer {
  readonly error: string;
  readonly description: string | undefined;
}

function endpoint(document: Record<string, unknown>, name: string): string | undefined {
  const value = document[name];
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || !isSafeForTokens(url)) {
    throw new CliError('ERR_SERVER_FAILED', `The server's OIDC discovery document has an unusable ${name} (it must be an https:// URL).`);
  }
  return url.href;
}

/** Reads `SERVER/oidc/.well-known/openid-configuration`. */
export async function discover(server: string): Promise<OidcEndpoints> {
  const url = `${server}/oidc/.well-known/openid-configuration`;
  const document = await sendJson({ url }).catch((error: unknown) => {
    if (isServerRequestError(error) && error.status === 404) {
      throw new CliError('ERR_SERVER_NOT_FOUND', `${server} has no OIDC discovery document at /oidc/.well-known/openid-configuration; is it a tessera-server?`);
    }
    throw error;
  });
  if (typeof document !== 'object' || document === null) throw new CliError('ERR_SERVER_FAILED', 'The OIDC discovery document is not a JSON object.');
  const fields = document as Record<string, unknown>;
  const deviceAuthorizationEndpoint = endpoint(fields, 'device_authorization_endpoint');
  const tokenEndpoint = endpoint(fields, 'token_endpoint');
  if (deviceAuthorizationEndpoint === undefined || tokenEndpoint === undefined) {
    throw new CliError('ERR_SERVER_FAILED', `${server} does not offer the device authorization grant that \`tessera admin login\` uses.`);
  }
  const userinfo = fields['userinfo_endpoint'];
  const userinfoEndpoint = typeof userinfo === 'string' && URL.canParse(userinfo) && isSafeForTokens(new URL(userinfo)) ? userinfo : undefined;
  return { deviceAuthorizationEndpoint, tokenEndpoint, revocationEndpoint: endpoint(fields, 'revocation_endpoint'), userinfoEndpoint };
}

function parseTokens(body: unknown, now: number): TokenSet {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { access_token: accessToken, refresh_token: refreshToken, token_type: tokenType, expires_in: expiresIn } = fields;
  if (typeof accessToken !== 'string' || accessToken === '' || typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
    throw new CliError('ERR_SERVER_FAILED', 'The token endpoint did not answer with a bearer access token.');
  }
  // Without expires_in the lifetime is unknown; assume a short one so a refresh is tried early.
  const seconds = typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 300;
  return { accessToken, refreshToken: typeof refreshToken === 'string' && refreshToken !== '' ? refreshToken : undefined, expiresAt: now + seconds * 1000 };
}

function parseOAuthError(status: number, body: unknown): OAuthErrorAnswer {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { error, error_description: description } = fields;
  if (typeof error !== 'string' || !/^[\x20-\x7e]{1,64}$/.test(error)) {
    throw new CliError('ERR_SERVER_FAILED', `The token endpoint failed (HTTP ${status}).`);
  }
  return { error, description: typeof description === 'string' ? description : undefined };
}

/**
 * Posts `form` (plus `client_id`) to the token endpoint: tokens on success, the OAuth error on a
 * 4xx answer; anything else is `ERR_SERVER_FAILED`.
 */
export async function tokenRequest(endpoints: OidcEndpoints, form: Readonly<Record<string, string>>, now: number): Promise<TokenSet | OAuthErrorAnswer> {
  const response = await exchange({ url: endpoints.tokenEndpoint, form: { ...form, client_id: CLI_CLIENT_ID } });
  const body = await readJson(response).catch(() => undefined);
  if (response.ok) return parseTokens(body, now);
  if (response.status >= 400 && response.status < 500) return parseOAuthError(response.status, body);
  throw new CliError('ERR_SERVER_FAILED', `The token endpoint failed (HTTP ${response.status}).`);
}

/** True when `answer` is an OAuth error rather than tokens. */
export function isOAuthError(answer: TokenSet | OAuthErrorAnswer): answer is OAuthErrorAnswer {
  return 'error' in answer;
}

/**
 * New tokens for a refresh token, or `ERR_ADMIN_SIGN_IN_REQUIRED` when the server no longer
 * honours it (signed out, sessions revoked, MFA reset). A server that does not rotate refresh
 * tokens keeps the old one valid, so it is carried over.
 */
export async function refreshTokens(endpoints: OidcEndpoints, refreshToken: string, now: number): Promise<TokenSet> {
  const answer = await tokenRequest(endpoints, { grant_type: 'refresh_token', refresh_token: refreshToken }, now);
  if (isOAuthError(answer)) {
    throw new CliError('ERR_ADMIN_SIGN_IN_REQUIRED', 'Your admin sign-in has ended (the server refused to refresh it); run `tessera admin login`.');
  }
  return { ...answer, refreshToken: answer.refreshToken ?? refreshToken };
}

/** Revokes `token` at the revocation endpoint (RFC 7009); true when the server confirmed. */
export async function revokeToken(endpoints: OidcEndpoints, token: string, hint: 'access_token' | 'refresh_token'): Promise<boolean> {
  if (endpoints.revocationEndpoint === undefined) return false;
  const response = await exchange({ url: endpoints.revocationEndpoint, form: { token, token_type_hint: hint, client_id: CLI_CLIENT_ID } });
  await response.body?.cancel();
  return response.ok;
}
