/**
 * A demo OIDC client web app for the browser tests: a small node:http server that does what a
 * real web app does with Tessera — authorization code flow with PKCE S256, state and nonce,
 * the code exchanged at the token endpoint, and the ID token verified with `jose` against the
 * provider's published keys (issuer, audience, nonce, signature, expiry).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { TestDatabase } from '../../db/test-support/dialects.js';
import { signInFixture, type SignInFixture } from '../../signin/test-support/fixtures.js';

/** Writes `dir/clients.json` registering the demo app (`demo`, "Demo app") on `port`; returns its path. */
export function writeDemoClientsFile(dir: string, port: number): string {
  const file = join(dir, 'clients.json');
  writeFileSync(file, JSON.stringify([{ client_id: 'demo', client_name: 'Demo app', redirect_uris: [`http://127.0.0.1:${String(port)}/callback`] }]));
  return file;
}

/** A running demo app. */
export interface DemoClient {
  readonly url: string;
  readonly redirectUri: string;
  /** ID token claims of every completed sign-in, in order. */
  readonly signIns: JWTPayload[];
  close(): Promise<void>;
}

interface Pending {
  readonly verifier: string;
  readonly nonce: string;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function send(res: import('node:http').ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo app</title></head><body>${body}</body></html>`);
}

/** Starts the demo app on 127.0.0.1 (a free port) as client `clientId` of `issuer`. */
export async function startDemoClient(options: { issuer: string; clientId: string; port: number }): Promise<DemoClient> {
  const pending = new Map<string, Pending>();
  const signIns: JWTPayload[] = [];
  const base = `http://127.0.0.1:${options.port}`;
  const redirectUri = `${base}/callback`;
  const jwks = createRemoteJWKSet(new URL(`${options.issuer}/jwks`));

  async function callback(url: URL): Promise<{ status: number; body: string }> {
    const state = url.searchParams.get('state') ?? '';
    const flow = pending.get(state);
    pending.delete(state);
    if (flow === undefined) return { status: 400, body: '<p>Unknown state</p>' };
    const error = url.searchParams.get('error');
    if (error !== null) return { status: 400, body: `<p>Sign-in failed: ${escape(error)}</p>` };
    const response = await fetch(`${options.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: url.searchParams.get('code') ?? '', redirect_uri: redirectUri, client_id: options.clientId, code_verifier: flow.verifier }),
    });
    const tokens = (await response.json()) as { id_token?: string; access_token?: string; error?: string };
    if (!response.ok || tokens.id_token === undefined) return { status: 502, body: `<p>Token request failed: ${escape(tokens.error ?? String(response.status))}</p>` };
    const { payload } = await jwtVerify(tokens.id_token, jwks, { issuer: options.issuer, audience: options.clientId });
    if (payload['nonce'] !== flow.nonce) return { status: 400, body: '<p>Nonce mismatch</p>' };
    signIns.push(payload);
    // Scope claims (email, name) come from the userinfo endpoint, as OIDC Core §5.4 has it.
    const userinfo = await fetch(`${options.issuer}/me`, { headers: { authorization: `Bearer ${tokens.access_token ?? ''}` } });
    const claims = (await userinfo.json()) as { sub?: string; email?: string };
    if (claims.sub !== payload.sub) return { status: 502, body: '<p>Userinfo subject mismatch</p>' };
    return { status: 200, body: `<h1>Signed in</h1><p id="who">Signed in as ${escape(claims.email ?? '')}</p>` };
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    if (url.pathname === '/') {
      send(res, 200, '<h1>Demo app</h1><p><a href="/login">Sign in with Tessera</a></p>');
      return;
    }
    if (url.pathname === '/login') {
      const state = randomBytes(16).toString('base64url');
      const verifier = randomBytes(32).toString('base64url');
      const nonce = randomBytes(16).toString('base64url');
      pending.set(state, { verifier, nonce });
      const authorize = new URL(`${options.issuer}/auth`);
      authorize.search = new URLSearchParams({
        client_id: options.clientId, response_type: 'code', redirect_uri: redirectUri, scope: 'openid email profile', state, nonce,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
      }).toString();
      res.writeHead(302, { location: authorize.toString() });
      res.end();
      return;
    }
    if (url.pathname === '/callback') {
      callback(url).then(({ status, body }) => { send(res, status, body); }, (error: unknown) => { send(res, 500, `<p>${escape(String(error))}</p>`); });
      return;
    }
    send(res, 404, '<p>Not found</p>');
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`, redirectUri, signIns,
    close: () => new Promise<void>((resolve, reject) => { server.closeAllConnections(); server.close((e) => { if (e) reject(e); else resolve(); }); }),
  };
}

/** A free TCP port on 127.0.0.1 (the redirect URI and issuer must be known before listening). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => { resolve(); }));
  return port;
}

/** A sign-in fixture's server listening on a real port, with the demo app registered and running. */
export interface DemoWorld {
  readonly f: SignInFixture;
  readonly demo: DemoClient;
  /** The server's base URL (its issuer is `${serverUrl}/oidc`). */
  readonly serverUrl: string;
  /** Stops the demo app and the server, and removes the clients file's folder. */
  close(): Promise<void>;
}

/**
 * For the browser tests: a {@link signInFixture} on `database` listening on 127.0.0.1, its public
 * URL and clients file pointing at a demo app that is started on its own port.
 */
export async function startDemoWorld(database: TestDatabase): Promise<DemoWorld> {
  const [serverPort, demoPort] = [await freePort(), await freePort()];
  const serverUrl = `http://127.0.0.1:${serverPort}`;
  const dir = mkdtempSync(join(tmpdir(), 'tessera-demo-'));
  const f = await signInFixture(database, { TESSERA_SERVER_PUBLIC_URL: serverUrl, TESSERA_SERVER_OIDC_CLIENTS_FILE: writeDemoClientsFile(dir, demoPort) });
  await f.app.listen({ host: '127.0.0.1', port: serverPort });
  const demo = await startDemoClient({ issuer: `${serverUrl}/oidc`, clientId: 'demo', port: demoPort });
  return {
    f, demo, serverUrl,
    close: async () => {
      await demo.close();
      await f.app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
