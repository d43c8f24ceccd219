/**
 * Helpers for the in-process OIDC tests: a clients file with a demo app, PKCE values, and a
 * browser-like walk through the provider's redirects with the form client.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import type { FormClient, SignInFixture } from '../../signin/test-support/fixtures.js';

/** The demo app's redirect URI. */
export const REDIRECT = 'http://127.0.0.1:9/callback';

/** Writes a clients file registering the `demo` app; returns its path. */
export function clientsFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-oidc-'));
  const file = join(dir, 'clients.json');
  writeFileSync(file, JSON.stringify([{ client_id: 'demo', client_name: 'Demo app', redirect_uris: [REDIRECT] }]));
  return file;
}

/** A PKCE verifier and its S256 challenge. */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Path and query of a Location header. */
export function pathOf(location: unknown): string {
  const url = new URL(String(location), 'http://localhost');
  return url.pathname + url.search;
}

/** Where a "signed in, continuing" page sends the browser (its meta refresh). */
export function continueTo(response: LightMyRequestResponse): string {
  return /<meta http-equiv="refresh" content="0;url=([^"]+)">/.exec(response.body)?.[1] ?? '';
}

/** An authorization request of the demo app. */
export function authorizeUrl(params: Record<string, string>): string {
  return `/oidc/auth?${new URLSearchParams({ client_id: 'demo', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid email', state: 'st-1', ...params }).toString()}`;
}

/** Follows same-server redirects until one leaves the server, asks to sign in, or a page is shown. */
export async function follow(client: FormClient, first: LightMyRequestResponse): Promise<LightMyRequestResponse> {
  let response = first;
  for (let i = 0; i < 10 && response.statusCode >= 300 && response.statusCode < 400; i++) {
    const location = String(response.headers.location);
    if (location.startsWith(REDIRECT) || pathOf(location).startsWith('/signin')) return response;
    response = await client.get(pathOf(location));
  }
  return response;
}

/** A form POST to the token endpoint. */
export async function tokenRequest(f: Pick<SignInFixture, 'app'>, fields: Record<string, string>): Promise<LightMyRequestResponse> {
  return f.app.inject({ method: 'POST', url: '/oidc/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
}

/** The grant type the CLI polls the token endpoint with (RFC 8628). */
export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** The provider's own anti-forgery field on its device pages (not Tessera's `csrf`). */
function xsrfIn(body: string): string {
  return /name="xsrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
}

/** Confirms on the provider's "Confirm the device" page; any other page is returned as it is. */
export async function confirmDeviceIfAsked(browser: FormClient, page: LightMyRequestResponse): Promise<LightMyRequestResponse> {
  if (!page.body.includes('Confirm the device')) return page;
  const code = /name="user_code" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const action = /action="([^"]+)"/.exec(page.body)?.[1] ?? '/oidc/device';
  return follow(browser, await browser.post(action, { xsrf: xsrfIn(page.body), user_code: code, confirm: 'yes' }));
}

/**
 * Starts the CLI's device flow (`extra` joins the device authorization request, e.g. a
 * `domain_hint`), enters its user code in `browser` and follows to where the provider sends the
 * browser to sign in. Returns the device code, that Location and the interaction it names.
 */
export async function startDeviceFlow(f: Pick<SignInFixture, 'app'>, browser: FormClient, extra: Record<string, string> = {}): Promise<{ deviceCode: string; location: string; uid: string }> {
  const payload = new URLSearchParams({ client_id: 'tessera-cli', scope: 'openid email offline_access', ...extra }).toString();
  const device = await f.app.inject({ method: 'POST', url: '/oidc/device/auth', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
  const grant = device.json<{ device_code: string; user_code: string }>();
  const form = await browser.get('/oidc/device');
  const page = await confirmDeviceIfAsked(browser, await follow(browser, await browser.post('/oidc/device', { xsrf: xsrfIn(form.body), user_code: grant.user_code })));
  const location = String(page.headers.location);
  return { deviceCode: grant.device_code, location, uid: /interaction=([A-Za-z0-9_-]+)/.exec(location)?.[1] ?? '' };
}
