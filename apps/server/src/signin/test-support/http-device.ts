/**
 * For end-to-end push tests against a listening server: a strong sign-in over real HTTP
 * (password then TOTP, through the HTML forms, cookies kept by hand), the registration of a
 * test device's P-256 key through `POST /api/devices` with that session, and the device's
 * answer to a push it saw on its event stream.
 */
import { approvalProof, deviceToken, newTestKey, type TestKey } from '../../approvals/test-support/device.js';
import type { StreamedPush } from './device-stream.js';
import { csrfIn } from './fixtures.js';

/** A clock and the public URL device tokens are addressed to. */
export interface DeviceClock {
  now(): number;
  readonly config: { readonly publicUrl: string };
}

class Cookies {
  private readonly jar = new Map<string, string>();

  // Bodies are read at once, so no connection is left waiting on an unread answer.
  async keep(response: Response): Promise<{ status: number; body: string }> {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return { status: response.status, body: await response.text() };
  }

  header(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.jar.get(name);
  }
}

/** Signs in at `baseUrl` with password and TOTP; returns the session token. */
export async function strongSignIn(baseUrl: string, input: { email: string; password: string; totpMethodId: string; code: () => string }): Promise<string> {
  const cookies = new Cookies();
  const get = async (path: string) => cookies.keep(await fetch(`${baseUrl}${path}`, { headers: { cookie: cookies.header() }, redirect: 'manual' }));
  const post = async (path: string, fields: Record<string, string>) => cookies.keep(await fetch(`${baseUrl}${path}`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams(fields).toString(),
    headers: { cookie: cookies.header(), 'content-type': 'application/x-www-form-urlencoded' },
  }));
  const first = await post('/signin', { csrf: csrfIn((await get('/signin')).body), email: input.email, password: input.password });
  if (first.status !== 303) throw new Error(`password step answered ${String(first.status)}`);
  const factor = await get(`/signin/factor?method=${encodeURIComponent(input.totpMethodId)}`);
  const done = await post('/signin/factor', { csrf: csrfIn(factor.body), methodId: input.totpMethodId, code: input.code() });
  const token = cookies.get('tessera_session');
  if (done.status !== 303 || token === undefined) throw new Error(`TOTP step answered ${String(done.status)}`);
  return token;
}

/** A registered test device. */
export interface RegisteredDevice {
  readonly id: string;
  readonly key: TestKey;
}

/** Makes a key pair and registers it at `baseUrl` with the session `token`. */
export async function registerTestDevice(baseUrl: string, token: string, name: string): Promise<RegisteredDevice> {
  const key = await newTestKey();
  const res = await fetch(`${baseUrl}/api/devices`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, publicKey: key.publicJwk }),
  });
  if (res.status !== 201) throw new Error(`device registration answered ${String(res.status)}: ${await res.text()}`);
  return { id: (await res.json() as { device: { id: string } }).device.id, key };
}

/** Approves `push` at `baseUrl` with the typed `number`; returns the HTTP status. */
export async function approvePush(baseUrl: string, clock: DeviceClock, device: RegisteredDevice, push: StreamedPush, number: string): Promise<number> {
  const proof = await approvalProof(clock, device.key.privateKey, { approvalId: push.id, decision: 'approve', number, nonce: push.nonce });
  const res = await fetch(`${baseUrl}/api/device/approvals/${push.id}`, {
    method: 'POST', headers: { authorization: `Bearer ${await deviceToken(clock, device.key, device.id)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ decision: 'approve', number, proof }),
  });
  await res.arrayBuffer();
  return res.status;
}
