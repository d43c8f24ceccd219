/**
 * Password storage: Argon2id (RFC 9106) through `@node-rs/argon2`, PHC strings, parameters from
 * the configuration (OWASP minimum 19 MiB / t=2 / p=1 by default, security.md S2/S25). A
 * successful verification whose stored parameters differ from the configured ones returns a
 * fresh hash so the caller can upgrade the row (rehash on login). Verifying against no hash (an
 * unknown user, or one without a password) still runs Argon2id over a dummy hash with the same
 * parameters, so response time does not tell whether an account exists (S24).
 *
 * @module
 */
import { hash, parseOptions, verify, type Algorithm } from '@node-rs/argon2';
import type { ServerContext } from '../context.js';
import { randomToken } from '../crypto/tokens.js';
import { normalisePassword } from './policy.js';

type Argon2Config = ServerContext['config']['argon2'];

// `Algorithm` is an ambient const enum, which isolated modules cannot read: its Argon2id member is 2.
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- the enum's value, spelled out (see above)
const ARGON2ID = 2 as Algorithm;

function optionsFor(params: Argon2Config): { algorithm: Algorithm; memoryCost: number; timeCost: number; parallelism: number } {
  return { algorithm: ARGON2ID, memoryCost: params.memoryKiB, timeCost: params.iterations, parallelism: params.parallelism };
}

/**
 * Hashes `password` (after NFC normalisation) with the configured Argon2id parameters.
 *
 * @example
 * const phc = await hashPassword(ctx, 'correct horse battery staple'); // "$argon2id$v=19$m=19456,t=2,p=1$…"
 */
export async function hashPassword(ctx: Pick<ServerContext, 'config'>, password: string): Promise<string> {
  return hash(normalisePassword(password), optionsFor(ctx.config.argon2));
}

const dummyHashes = new Map<string, Promise<string>>();

// One dummy hash per parameter set, made from a random throw-away password: it can never verify.
function dummyHash(params: Argon2Config): Promise<string> {
  const key = `${params.memoryKiB}/${params.iterations}/${params.parallelism}`;
  let existing = dummyHashes.get(key);
  if (existing === undefined) {
    existing = hash(randomToken(24), optionsFor(params));
    dummyHashes.set(key, existing);
  }
  return existing;
}

/** Whether `phc` was made with other parameters than the configured ones (or is not Argon2id). */
export function needsRehash(ctx: Pick<ServerContext, 'config'>, phc: string): boolean {
  try {
    const stored = parseOptions(phc);
    const want = ctx.config.argon2;
    return stored.algorithm !== ARGON2ID || stored.memoryCost !== want.memoryKiB
      || stored.timeCost !== want.iterations || stored.parallelism !== want.parallelism;
  } catch {
    return true;
  }
}

/**
 * Checks `password` against the stored `phc`. `null` (no such user, or no password set) costs
 * the same and always fails. On success with outdated parameters, `rehash` holds the new PHC
 * string to store.
 */
export async function verifyPassword(ctx: Pick<ServerContext, 'config'>, phc: string | null, password: string): Promise<{ ok: boolean; rehash: string | undefined }> {
  const normalised = normalisePassword(password);
  if (phc === null) {
    await verify(await dummyHash(ctx.config.argon2), normalised).catch(() => false);
    return { ok: false, rehash: undefined };
  }
  let ok: boolean;
  try {
    ok = await verify(phc, normalised);
  } catch {
    ok = false;
  }
  if (!ok) return { ok, rehash: undefined };
  return { ok, rehash: needsRehash(ctx, phc) ? await hashPassword(ctx, normalised) : undefined };
}
