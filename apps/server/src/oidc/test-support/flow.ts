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
export async function tokenRequest(f: SignInFixture, fields: Record<string, string>): Promise<LightMyRequestResponse> {
  return f.app.inject({ method: 'POST', url: '/oidc/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
}
