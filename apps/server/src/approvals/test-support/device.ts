/**
 * A test authenticator: a real P-256 key pair made with WebCrypto (as the app makes it), and
 * helpers that sign device tokens and approval proofs the way the app does — or, for tests of
 * refusals, the ways it must not. Plus a fixture: a tenant, a user, a registered device.
 */
import { CompactSign, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { ServerContext } from '../../context.js';
import { hashToken, randomToken } from '../../crypto/tokens.js';
import type { TestDatabase } from '../../db/test-support/dialects.js';
import { findDevice, registerDevice, type ActiveDevice } from '../../devices/devices.js';
import { createTestContext, seedTenant, seedUser, type TestContext } from '../../test-support/context.js';
import { createApproval, type CreateApprovalInput, type CreatedApproval } from '../create.js';
import type { ApprovalDecision } from '../proof.js';

/** A key pair held by a test device. */
export interface TestKey {
  readonly publicJwk: JWK;
  readonly privateKey: CryptoKey;
}

/** Makes a fresh P-256 key pair and its public JWK as WebCrypto exports it. */
export async function newTestKey(): Promise<TestKey> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { publicJwk: await exportJWK(publicKey), privateKey };
}

/** Overrides for {@link deviceToken}, to make bad tokens. */
export interface TokenOptions {
  readonly audience?: string;
  readonly subject?: string;
  readonly jti?: string;
  /** Seconds since the epoch (default: the context's clock). */
  readonly iat?: number;
  readonly lifetimeSeconds?: number;
  readonly typ?: string | null;
  readonly key?: CryptoKey;
}

/** A device token for `deviceId` signed with `key` (see `devices/device-token.ts`). */
export async function deviceToken(ctx: { now(): number; readonly config: { readonly publicUrl: string } }, key: TestKey, deviceId: string, options: TokenOptions = {}): Promise<string> {
  const iat = options.iat ?? Math.floor(ctx.now() / 1000);
  const header = options.typ === null ? { alg: 'ES256' } : { alg: 'ES256', typ: options.typ ?? 'tessera-device+jwt' };
  return new SignJWT({})
    .setProtectedHeader(header)
    .setAudience(options.audience ?? ctx.config.publicUrl)
    .setSubject(options.subject ?? deviceId)
    .setJti(options.jti ?? randomToken(16))
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.lifetimeSeconds ?? 120))
    .sign(options.key ?? key.privateKey);
}

/** What a proof signs; members may be overridden to make bad proofs. */
export interface ProofClaims {
  readonly approvalId: string;
  readonly decision: ApprovalDecision;
  readonly number?: string | null;
  readonly nonce: string;
  readonly iat?: number;
}

/** An approval proof signed with `signingKey` (see `approvals/proof.ts`). */
export async function approvalProof(ctx: { now(): number }, signingKey: CryptoKey, claims: ProofClaims, typ = 'tessera-approval+jws'): Promise<string> {
  const body = { approvalId: claims.approvalId, decision: claims.decision, number: claims.number ?? null, nonce: claims.nonce, iat: claims.iat ?? Math.floor(ctx.now() / 1000) };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(body))).setProtectedHeader({ alg: 'ES256', typ }).sign(signingKey);
}

/** A tenant, a user with a registered device, and what tests need to act as either. */
export interface PushFixture {
  readonly ctx: TestContext;
  readonly tenantId: string;
  readonly domain: string;
  readonly userId: string;
  readonly email: string;
  readonly key: TestKey;
  readonly device: ActiveDevice;
  /** Alerts written with `ctx.log.warn`. */
  readonly alerts: Record<string, unknown>[];
}

/** Registers `key` as a device of the user and returns it as the device endpoints see it. */
export async function registerTestDevice(ctx: ServerContext, owner: { tenantId: string; userId: string }, name: string, key: TestKey): Promise<ActiveDevice> {
  const summary = await registerDevice(ctx, { ...owner, name, publicKey: key.publicJwk, viaTap: false });
  const found = await findDevice(ctx, summary.id);
  if (found?.revoked !== false) throw new Error('device not registered');
  return found;
}

/** Builds a {@link PushFixture} on `database`. */
export async function pushFixture(database: TestDatabase, env: Record<string, string> = {}): Promise<PushFixture> {
  const base = createTestContext(database, env);
  const alerts: Record<string, unknown>[] = [];
  const ctx: TestContext = { ...base, log: { ...base.log, warn: (fields) => { alerts.push(fields); } } };
  const { tenantId, domain } = await seedTenant(ctx);
  const email = `ada-${randomToken(4).toLowerCase()}@${domain}`;
  const userId = await seedUser(ctx, tenantId, email);
  const key = await newTestKey();
  const device = await registerTestDevice(ctx, { tenantId, userId }, 'Ada’s phone', key);
  return { ctx, tenantId, domain, userId, email, key, device, alerts };
}

/** A push just sent, with the nonce a device reads from its pending list (so tests can sign proofs). */
export interface SentPush extends CreatedApproval {
  readonly attempt: string;
  readonly nonce: string;
}

/** Sends a push to the fixture's user for sign-in `attempt` (app `Payroll` unless `input` says otherwise). */
export async function sendPush(f: Pick<PushFixture, 'ctx' | 'tenantId' | 'userId'>, attempt = 'attempt-1', input: Partial<Pick<CreateApprovalInput, 'app' | 'ip'>> = {}): Promise<SentPush> {
  const created = await createApproval(f.ctx, { tenantId: f.tenantId, userId: f.userId, signInAttemptId: attempt, app: 'Payroll', ...input });
  const { nonce } = await f.ctx.db.selectFrom('push_approvals').select('nonce').where('id', '=', created.approvalId).executeTakeFirstOrThrow();
  return { ...created, attempt, nonce };
}

/** A sign-in waiting for its second factor, as the password step leaves it: the cookie value and the attempt id. */
export async function seedAttempt(ctx: Pick<ServerContext, 'db' | 'now'>, tenantId: string, userId: string): Promise<{ cookie: string; attemptId: string }> {
  const token = randomToken(32);
  const now = ctx.now();
  await ctx.db.insertInto('sign_in_attempts').values({ id: hashToken(token), tenant_id: tenantId, user_id: userId, interaction_uid: null, stage: 'factor', created_at: now, expires_at: now + 10 * 60_000 }).execute();
  return { cookie: `tessera_signin=${token}`, attemptId: hashToken(token) };
}
