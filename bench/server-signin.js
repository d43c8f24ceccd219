// Sign-in latency through the live server's HTML forms, as a browser sends them: the password
// step (`POST /signin`, dominated by Argon2id) and then the TOTP step (`POST /signin/factor`),
// one sign-in at a time, alternating between a server holding few users and one holding many
// so that drift on a shared machine hits both alike.
import { hotp } from './server-hotp.js';

/** @typedef {import('./server-seed.js').BenchUser} BenchUser */

/** A browser-like client for one server: keeps cookies, posts forms, never follows redirects. */
export class FormClient {
  /** @param {string} base */
  constructor(base) {
    this.base = base;
    /** @type {Map<string, string>} */
    this.cookies = new Map();
    this.csrf = '';
  }

  /** @param {Response} response */
  keep(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*(max-age=0|expires=Thu, 01 Jan 1970)/i.test(a));
      if (value === '' || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  headers() {
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  }

  /** Loads the sign-in page for its CSRF cookie and token. */
  async open() {
    const response = this.keep(await fetch(`${this.base}/signin`, { headers: this.headers() }));
    const match = /name="csrf" value="([^"]+)"/.exec(await response.text());
    if (match?.[1] === undefined) throw new Error('no CSRF token on /signin');
    this.csrf = match[1];
  }

  /**
   * Posts a form; returns the status and the time to the full answer (ms).
   *
   * @param {string} path
   * @param {Record<string, string>} fields
   */
  async post(path, fields) {
    const start = performance.now();
    const response = await fetch(`${this.base}${path}`, {
      method: 'POST', redirect: 'manual',
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: this.csrf, ...fields }).toString(),
    });
    await response.arrayBuffer();
    const ms = performance.now() - start;
    this.keep(response);
    return { status: response.status, location: response.headers.get('location'), ms };
  }
}

/**
 * One full sign-in of `user` (password, then the TOTP code of a step it has not used).
 *
 * @param {FormClient} client
 * @param {BenchUser} user
 * @param {string} password
 */
export async function signIn(client, user, password) {
  const first = await client.post('/signin', { email: user.email, password });
  if (first.status !== 303 || first.location !== '/signin/factor') throw new Error(`password step answered ${first.status} → ${String(first.location)}`);
  const step = Math.max(user.next, Math.floor(Date.now() / 30_000));
  user.next = step + 1;
  const second = await client.post('/signin/factor', { methodId: user.methodId, code: hotp(user.seed, step) });
  if (second.status !== 303 || !client.cookies.has('tessera_session')) throw new Error(`TOTP step answered ${second.status} → ${String(second.location)}`);
  client.cookies.delete('tessera_session');
  return { passwordMs: first.ms, totpMs: second.ms };
}
