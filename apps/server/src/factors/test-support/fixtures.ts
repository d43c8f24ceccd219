/**
 * Fixtures for the factor tests: a tenant with a user (and an admin), TOTP codes computed the way
 * an authenticator app would, a TOTP method enrolled through the real begin/confirm path, and
 * the small checks the factor and step-up tests share.
 */
import { decodeBase32, generateTotp } from '@tessera/core';
import { expect } from 'vitest';
import type { TestDatabase } from '../../db/test-support/dialects.js';
import { createTestContext, seedTenant, seedUser, type TestContext } from '../../test-support/context.js';
import { isServerError, type ServerErrorCode } from '../../errors.js';
import { announcePolicyChange } from '../../tenants/policy-cache.js';
import { beginTotpEnrollment, confirmTotpEnrollment } from '../totp.js';

/** A test context with one tenant, a user and an admin. */
export interface FactorFixture {
  readonly ctx: TestContext;
  readonly tenantId: string;
  readonly domain: string;
  readonly userId: string;
  readonly email: string;
  readonly adminId: string;
}

let counter = 0;
// One seal key per database, as one deployment has: whatever a test seals (TOTP seeds, the OIDC
// provider's keys) opens again in the next test's context on the same database.
const sealKeys = new WeakMap<TestDatabase, Uint8Array>();

/** A fresh tenant with a user and an admin on `database`. */
export async function factorFixture(database: TestDatabase, env: Record<string, string> = {}): Promise<FactorFixture> {
  const fresh = createTestContext(database, env);
  const sealKey = sealKeys.get(database) ?? fresh.sealKey;
  sealKeys.set(database, sealKey);
  const ctx: TestContext = { ...fresh, sealKey };
  const { tenantId, domain } = await seedTenant(ctx);
  counter += 1;
  const email = `user${counter}@${domain}`;
  const userId = await seedUser(ctx, tenantId, email);
  const adminId = await seedUser(ctx, tenantId, `admin${counter}@${domain}`, { role: 'admin' });
  return { ctx, tenantId, domain, userId, email, adminId };
}

/** The 6-digit code an app holding `secretBase32` shows `steps` periods away from now. */
export function codeAt(ctx: TestContext, secretBase32: string, steps = 0): string {
  return generateTotp({ secret: decodeBase32(secretBase32), timestamp: ctx.now() + steps * 30_000 });
}

/** Enrols a TOTP app for the fixture's user; returns the method id and the seed. */
export async function enrolTotp(f: FactorFixture, viaTap = false): Promise<{ methodId: string; secretBase32: string }> {
  const begun = beginTotpEnrollment(f.ctx, { tenantId: f.tenantId, userId: f.userId, email: f.email });
  const methodId = await confirmTotpEnrollment(f.ctx, {
    tenantId: f.tenantId, userId: f.userId, enrollmentToken: begun.enrollmentToken, code: codeAt(f.ctx, begun.secretBase32), viaTap,
  });
  return { methodId, secretBase32: begun.secretBase32 };
}

/** Sets the tenant's policy JSON (merged over the defaults when read) and announces it, as saving a policy does. */
export async function setPolicy(f: FactorFixture, policy: Record<string, unknown>): Promise<void> {
  await f.ctx.db.updateTable('tenants').set({ policy: JSON.stringify(policy) }).where('id', '=', f.tenantId).execute();
  await announcePolicyChange(f.ctx.events, f.tenantId);
}

/** Expects `promise` to reject with a {@link ServerError} of `code`. */
export async function expectCode(promise: Promise<unknown>, code: ServerErrorCode): Promise<void> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(isServerError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
}

/** The six-digit code in a delivered email or SMS text. */
export function codeIn(text: string): string {
  const match = /\b(\d{6})\b/.exec(text);
  if (match?.[1] === undefined) throw new Error('no code in the message');
  return match[1];
}

/** A well-formed code that is certainly not `code`. */
export const otherCode = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
