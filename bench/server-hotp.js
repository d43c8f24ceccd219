// RFC 4226 HOTP, written out with node:crypto and nothing else: the one computation shared by the
// load generator (codes as an authenticator app computes them), the sign-in client and the floor
// server (the bare minimum any TOTP check does). Kept out of server-load.js so the floor process
// loads no load-generator code.
import { createHmac } from 'node:crypto';

/**
 * The 6-digit HOTP code of `seed` at `counter` (RFC 4226).
 *
 * @param {Buffer} seed
 * @param {number} counter
 */
export function hotp(seed, counter) {
  const message = Buffer.alloc(8);
  message.writeUInt32BE(Math.floor(counter / 2 ** 32), 0);
  message.writeUInt32BE(counter >>> 0, 4);
  const mac = createHmac('sha1', seed).update(message).digest();
  const offset = (mac[19] ?? 0) & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}
