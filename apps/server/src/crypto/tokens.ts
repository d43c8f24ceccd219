/**
 * Random tokens and their storage form. Bearer secrets (session tokens, setup tokens, TAPs,
 * one-time codes) are stored only as a SHA-256 digest; tokens carry ≥ 128 bits from the CSPRNG,
 * so a fast hash is enough (NIST 800-63B: ≥ 112-bit secrets may use an unsalted fast hash).
 * Comparisons of secrets are constant-time.
 *
 * @module
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** A URL-safe random token of `bytes` random bytes (default 32 = 256 bits). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A random identifier for rows (128 bits, URL-safe). */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}

/** `digits` decimal digits, uniformly random (one-time codes). */
export function randomDigits(digits: number): string {
  let out = '';
  for (let i = 0; i < digits; i++) out += String(randomInt(10));
  return out;
}

/** The storage form of a bearer secret: hex SHA-256. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time equality of two strings (false when lengths differ). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
