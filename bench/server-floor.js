// The floor of the server benchmark, run as its own process: a minimal Fastify route that does
// what any TOTP check must — one SQLite lookup by primary key (the bearer token → the user's
// seed, a prepared statement) and one HMAC-SHA1 — and nothing else: no sessions, users, policy,
// throttle, compare-and-swap, audit or sealing. Same framework, same body schema, same request
// shape as POST /api/me/step-up. Usage: node bench/server-floor.js DB_FILE (prints its URL).
import { timingSafeEqual } from 'node:crypto';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { hotp } from './server-hotp.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: node bench/server-floor.js DB_FILE');
const db = new Database(file, { readonly: true });
const lookup = db.prepare('select seed from floor where token = ?');

const body = {
  type: 'object', additionalProperties: false, required: ['code'],
  properties: { code: { type: 'string', minLength: 1, maxLength: 16 }, methodId: { type: 'string', minLength: 1, maxLength: 64 } },
};

const app = Fastify({ logger: false, bodyLimit: 64 * 1024, ajv: { customOptions: { removeAdditional: false, coerceTypes: false } } });
app.post('/floor', { schema: { body } }, (request, reply) => {
  const token = (request.headers.authorization ?? '').slice(7);
  const row = /** @type {{ seed: Buffer } | undefined} */ (lookup.get(token));
  if (row === undefined) return reply.status(401).send({ error: 'unknown' });
  const expected = Buffer.from(hotp(row.seed, Math.floor(Date.now() / 30_000)));
  const given = Buffer.from(/** @type {{ code: string }} */ (request.body).code);
  return { verified: given.length === expected.length && timingSafeEqual(given, expected) };
});
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.on('SIGTERM', () => { void app.close().then(() => process.exit(0)); });
process.stderr.write(`floor: listening on ${address}\n`);
