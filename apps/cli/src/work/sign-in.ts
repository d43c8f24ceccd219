/**
 * Signing in to an organisation's server for a work account: the OAuth 2.0 device authorization
 * grant (RFC 8628) as `tessera admin login` does it — the person signs in in a browser with
 * password and second factor, or a Temporary Access Pass, and the terminal never sees either —
 * then who signed in (the OIDC userinfo endpoint). The access token stands for that browser
 * session at the server, which is what device registration needs (a fresh strong sign-in).
 *
 * @module
 */
import type { CommandContext } from '../context.js';
import { CliError, isCliError } from '../errors.js';
import { pollForTokens, startDeviceAuthorization, type DeviceAuthorization } from '../admin/device-flow.js';
import { sendJson } from '../admin/http.js';
import { discover, revokeToken, type OidcEndpoints } from '../admin/oidc.js';
import { terminalSafe } from '../admin/server-error.js';

/** What a work sign-in asks for: an id token and the user's email and name (no refresh token: it is used at once). */
export const WORK_SCOPE = 'openid email profile';

/** A completed sign-in. */
export interface WorkSignIn {
  readonly serverUrl: string;
  readonly accessToken: string;
  readonly email: string;
  readonly name: string;
  readonly endpoints: OidcEndpoints;
}

const GUEST_HINT = (tenant: string): string =>
  `As a guest of ${tenant}: sign in as you do at your home organisation. ${tenant} then asks for its own second factor, unless it trusts your home organisation's; with none registered there yet, ask ${tenant}'s IT for a Temporary Access Pass and enter it when the sign-in page asks.`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function showInstructions(ctx: CommandContext, authorization: DeviceAuthorization, what: string): void {
  const minutes = Math.max(1, Math.round((authorization.expiresAt - ctx.io.now()) / 60_000));
  const lines = [
    `${what}: to sign in, open ${ctx.style.bold(authorization.verificationUri)}`,
    `and enter the code ${ctx.style.bold(authorization.userCode)}`,
    ...(authorization.verificationUriComplete === undefined ? [] : [`(or open ${authorization.verificationUriComplete} with the code filled in)`]),
    ctx.style.dim(`Sign in there with your password and second factor, or a Temporary Access Pass. The code expires in ${minutes} minutes.`),
  ];
  ctx.io.stderr.write(`${lines.join('\n')}\n`);
}

async function whoSignedIn(endpoints: OidcEndpoints, accessToken: string): Promise<{ email: string; name: string }> {
  // The discovery document was read once, by discover(); its userinfo_endpoint is held to the same rule as the others.
  if (endpoints.userinfoEndpoint === undefined) {
    throw new CliError('ERR_SERVER_FAILED', 'The server\'s OIDC discovery document has no usable userinfo_endpoint.');
  }
  const info = (await sendJson({ url: endpoints.userinfoEndpoint, bearer: accessToken })) as Record<string, unknown> | undefined;
  const email = info?.['email'];
  if (typeof email !== 'string' || !/^[^\s@]{1,200}@[^\s@]{1,200}$/.test(email)) throw new CliError('ERR_SERVER_FAILED', 'The server did not say which email address signed in.');
  const name = typeof info?.['name'] === 'string' ? terminalSafe(info['name'], 256) : '';
  return { email: email.toLowerCase(), name };
}

function renamed(error: unknown): unknown {
  if (isCliError(error, 'ERR_ADMIN_LOGIN_EXPIRED')) return new CliError('ERR_WORK_SIGN_IN_EXPIRED', 'The sign-in code expired before it was approved in the browser; run the command again.');
  if (isCliError(error, 'ERR_ADMIN_LOGIN_DENIED')) return new CliError('ERR_WORK_SIGN_IN_DENIED', 'The sign-in was declined in the browser.');
  return error;
}

/**
 * Runs the device-flow sign-in at `serverUrl`, telling the person what to open (on stderr);
 * `guestOf` (a domain of the resource organisation) makes it a guest's sign-in there.
 *
 * @example
 * ```ts
 * const signIn = await signInToServer(ctx, 'https://id.example.org', 'Adding ada@example.org');
 * ```
 */
export async function signInToServer(ctx: CommandContext, serverUrl: string, what: string, guestOf?: string): Promise<WorkSignIn> {
  const endpoints = await discover(serverUrl);
  // A guest signs in at home; the hint names the organisation the session is for (docs/guests.md).
  const authorization = await startDeviceAuthorization(endpoints, ctx.io.now(), WORK_SCOPE, guestOf === undefined ? {} : { domain_hint: guestOf });
  showInstructions(ctx, authorization, what);
  if (guestOf !== undefined) ctx.io.stderr.write(`${GUEST_HINT(guestOf)}\n`);
  const tokens = await pollForTokens(endpoints, authorization, { now: ctx.io.now, sleep }).catch((error: unknown) => {
    throw renamed(error);
  });
  const who = await whoSignedIn(endpoints, tokens.accessToken);
  return { serverUrl, accessToken: tokens.accessToken, endpoints, ...who };
}

/** Ends the sign-in's token at the server once it has served (best effort). */
export async function endSignIn(signIn: WorkSignIn): Promise<void> {
  await revokeToken(signIn.endpoints, signIn.accessToken, 'access_token').catch(() => false);
}
