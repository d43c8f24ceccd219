/**
 * The OAuth 2.0 Device Authorization Grant (RFC 8628) as the CLI's sign-in: the terminal asks
 * the server for a user code, the admin approves it in a browser (where the server can ask for
 * the password and second factor the terminal should never see), and the CLI polls the token
 * endpoint. Polling honours `interval` and grows it by 5 s on every `slow_down` (§3.5); waiting
 * and the clock are parameters so tests drive the protocol without real delays.
 *
 * @module
 */
import { CliError } from '../errors.js';
import { exchange, readJson } from './http.js';
import { ADMIN_SCOPE, CLI_CLIENT_ID, isOAuthError, tokenRequest, type OidcEndpoints, type TokenSet } from './oidc.js';
import { terminalSafe } from './server-error.js';

/** What the admin is shown, and what the CLI polls with. */
export interface DeviceAuthorization {
  /** Secret between CLI and server; never shown. */
  readonly deviceCode: string;
  readonly userCode: string;
  readonly verificationUri: string;
  /** The verification URL with the code filled in, when the server offers one. */
  readonly verificationUriComplete: string | undefined;
  /** Epoch milliseconds after which the codes are dead. */
  readonly expiresAt: number;
  /** Seconds between polls, as the server asked (default 5). */
  readonly intervalSeconds: number;
}

/** Time, as parameters. */
export interface PollClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

function text(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function positive(fields: Record<string, unknown>, name: string, fallback: number): number {
  const value = fields[name];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * Starts a sign-in at the device authorization endpoint (RFC 8628 §3.1–3.2); `scope` defaults to
 * the admin API's (work accounts ask for their own), `extra` adds parameters such as a guest's
 * `domain_hint`.
 */
export async function startDeviceAuthorization(endpoints: OidcEndpoints, now: number, scope: string = ADMIN_SCOPE, extra: Readonly<Record<string, string>> = {}): Promise<DeviceAuthorization> {
  const response = await exchange({ url: endpoints.deviceAuthorizationEndpoint, form: { ...extra, client_id: CLI_CLIENT_ID, scope } });
  const body = await readJson(response).catch(() => undefined);
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (!response.ok) {
    const reason = text(fields, 'error_description') ?? text(fields, 'error') ?? `HTTP ${response.status}`;
    throw new CliError('ERR_SERVER_FAILED', `The server refused to start a sign-in: ${terminalSafe(reason)}.`);
  }
  const deviceCode = text(fields, 'device_code');
  const userCode = text(fields, 'user_code');
  const verificationUri = text(fields, 'verification_uri');
  if (deviceCode === undefined || userCode === undefined || verificationUri === undefined) {
    throw new CliError('ERR_SERVER_FAILED', 'The device authorization answer lacks device_code, user_code or verification_uri.');
  }
  const complete = text(fields, 'verification_uri_complete');
  return {
    deviceCode,
    userCode: terminalSafe(userCode, 64),
    verificationUri: terminalSafe(verificationUri, 2000),
    verificationUriComplete: complete === undefined ? undefined : terminalSafe(complete, 2000),
    expiresAt: now + positive(fields, 'expires_in', 600) * 1000,
    // At least a second between polls, whatever the server says, so a bad answer cannot make a busy loop.
    intervalSeconds: Math.max(1, positive(fields, 'interval', 5)),
  };
}

/**
 * Polls the token endpoint until the admin approves (tokens), declines
 * (`ERR_ADMIN_LOGIN_DENIED`) or the code expires (`ERR_ADMIN_LOGIN_EXPIRED`).
 */
export async function pollForTokens(endpoints: OidcEndpoints, authorization: DeviceAuthorization, clock: PollClock): Promise<TokenSet> {
  let interval = authorization.intervalSeconds;
  for (;;) {
    await clock.sleep(interval * 1000);
    if (clock.now() >= authorization.expiresAt) throw expired();
    const answer = await tokenRequest(endpoints, { grant_type: GRANT_TYPE, device_code: authorization.deviceCode }, clock.now());
    if (!isOAuthError(answer)) return answer;
    switch (answer.error) {
      case 'authorization_pending':
        continue;
      case 'slow_down':
        interval += 5;
        continue;
      case 'expired_token':
        throw expired();
      case 'access_denied':
        throw new CliError('ERR_ADMIN_LOGIN_DENIED', 'The sign-in was declined in the browser.');
      default:
        throw new CliError('ERR_SERVER_FAILED', `The sign-in failed: ${terminalSafe(answer.description ?? answer.error)} (${answer.error}).`);
    }
  }
}

function expired(): CliError {
  return new CliError('ERR_ADMIN_LOGIN_EXPIRED', 'The sign-in code expired before it was approved; run `tessera admin login` again.');
}
