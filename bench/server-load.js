// Load generation for the step-up benchmark: autocannon (100 connections) posting
// `{ code }` with a bearer session, where every request carries a currently valid code that was
// never used — the server accepts each code once, so replaying one would measure the refusal
// path instead. Users are visited round-robin; each can accept the codes of steps t−1, t and
// t+1 in that order, so a pass over all users uses one step of each.
// @ts-expect-error -- autocannon 9 ships no type declarations
import autocannonUntyped from 'autocannon';
import { hotp } from './server-hotp.js';

/** @typedef {import('./server-seed.js').BenchUser} BenchUser */
/** @typedef {{ method: string, path: string, headers?: Record<string, string>, body?: string }} CannonRequest */
/** @typedef {{ count: number }} StatusStats */
/**
 * @typedef {{ requests: { average: number }, latency: { p50: number, p99: number }, '2xx': number, non2xx: number,
 *   errors: number, timeouts: number, statusCodeStats?: Record<string, StatusStats> }} CannonResult
 */

/** The part of autocannon's API used here. */
const autocannon = /** @type {(options: { url: string, connections: number, duration: number, requests: Array<CannonRequest & { setupRequest: (request: CannonRequest) => CannonRequest }> }) => Promise<CannonResult>} */ (autocannonUntyped);

const PERIOD_MS = 30_000;
// A t−1 code submitted this close to the end of its window may arrive after it closed.
const MARGIN_MS = 2_000;

/**
 * The next user with a fresh valid code (round-robin), and that code; records the step used.
 *
 * @param {BenchUser[]} users
 */
export function freshCodes(users) {
  let index = 0;
  return () => {
    for (let left = users.length; left > 0; left--) {
      const user = /** @type {BenchUser} */ (users[index]);
      index = (index + 1) % users.length;
      const now = Date.now();
      const current = Math.floor(now / PERIOD_MS);
      const lowest = now % PERIOD_MS > PERIOD_MS - MARGIN_MS ? current : current - 1;
      const step = Math.max(user.next, lowest);
      if (step > current + 1) continue;
      user.next = step + 1;
      return { user, code: hotp(user.seed, step) };
    }
    throw new Error('every seeded user has used all codes of this window: seed more users');
  };
}

/**
 * Runs autocannon against `url` + `path`, each request from {@link freshCodes}.
 *
 * @param {{ url: string, path: string, users: BenchUser[], seconds: number, connections: number }} options
 * @returns {Promise<{ rps: number, ok: number, non2xx: number, errors: number, timeouts: number, p50: number, p99: number, statuses: Record<string, number> }>}
 */
export async function hammer(options) {
  const next = freshCodes(options.users);
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    requests: [{
      method: 'POST',
      path: options.path,
      setupRequest: (request) => {
        const { user, code } = next();
        return { ...request, headers: { 'content-type': 'application/json', authorization: `Bearer ${String(user.token)}` }, body: JSON.stringify({ code }) };
      },
    }],
  });
  /** @type {Record<string, number>} */
  const statuses = {};
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) statuses[status] = stats.count;
  return {
    rps: result.requests.average,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
  };
}
