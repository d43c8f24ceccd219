/**
 * oidc-provider's storage on the Tessera database (the `oidc_payloads` table), so every instance
 * sees the same sessions, interactions, codes, tokens, grants and device codes. One row per
 * (model, id); the payload is JSON; `grant_id`, `user_code` and `uid` are copied into indexed
 * columns for the lookups the provider makes. Expiry uses the server clock (`ctx.now()`):
 * an expired row is invisible even before anything deletes it.
 *
 * @module
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { ServerContext } from '../context.js';

type Ctx = Pick<ServerContext, 'db' | 'now'>;
interface Row { payload: string; expires_at: number | null; consumed_at: number | null }

/** The adapter for one model (e.g. `AccessToken`, `DeviceCode`, `Session`). */
export class KyselyAdapter implements Adapter {
  private readonly ctx: Ctx;
  private readonly model: string;

  constructor(ctx: Ctx, model: string) {
    this.ctx = ctx;
    this.model = model;
  }

  /** Inserts or replaces a payload that lives `expiresIn` seconds. */
  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const row = {
      payload: JSON.stringify(payload),
      grant_id: typeof payload.grantId === 'string' ? payload.grantId : null,
      user_code: typeof payload.userCode === 'string' ? payload.userCode : null,
      uid: typeof payload.uid === 'string' ? payload.uid : null,
      expires_at: Number.isFinite(expiresIn) && expiresIn > 0 ? this.ctx.now() + Math.ceil(expiresIn * 1000) : null,
    };
    await this.ctx.db.insertInto('oidc_payloads').values({ model: this.model, id, consumed_at: null, ...row })
      .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row))
      .execute();
  }

  /** The payload stored under `id`, unless missing or expired. */
  async find(id: string): Promise<AdapterPayload | undefined> {
    const row = await this.ctx.db.selectFrom('oidc_payloads').select(['payload', 'expires_at', 'consumed_at'])
      .where('model', '=', this.model).where('id', '=', id).executeTakeFirst();
    return this.toPayload(row);
  }

  /** A device code by the code the user typed. */
  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const row = await this.ctx.db.selectFrom('oidc_payloads').select(['payload', 'expires_at', 'consumed_at'])
      .where('model', '=', this.model).where('user_code', '=', userCode).executeTakeFirst();
    return this.toPayload(row);
  }

  /** A session by its uid. */
  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const row = await this.ctx.db.selectFrom('oidc_payloads').select(['payload', 'expires_at', 'consumed_at'])
      .where('model', '=', this.model).where('uid', '=', uid).executeTakeFirst();
    return this.toPayload(row);
  }

  /** Marks a code or token as used; the provider refuses (and revokes on replay) consumed ones. */
  async consume(id: string): Promise<void> {
    await this.ctx.db.updateTable('oidc_payloads').set({ consumed_at: this.ctx.now() })
      .where('model', '=', this.model).where('id', '=', id).execute();
  }

  /** Deletes one payload. */
  async destroy(id: string): Promise<void> {
    await this.ctx.db.deleteFrom('oidc_payloads').where('model', '=', this.model).where('id', '=', id).execute();
  }

  /** Deletes this model's rows issued under a grant (the provider calls it per model on revocation or code replay). */
  async revokeByGrantId(grantId: string): Promise<void> {
    await this.ctx.db.deleteFrom('oidc_payloads').where('model', '=', this.model).where('grant_id', '=', grantId).execute();
  }

  private toPayload(row: Row | undefined): AdapterPayload | undefined {
    if (row === undefined) return undefined;
    if (row.expires_at !== null && row.expires_at <= this.ctx.now()) return undefined;
    const payload = JSON.parse(row.payload) as Record<string, unknown>;
    return row.consumed_at === null ? payload : { ...payload, consumed: Math.floor(row.consumed_at / 1000) };
  }
}

/** What Tessera reads of a pending interaction outside the provider's own request handling. */
export interface StoredInteraction {
  readonly params: Readonly<Record<string, unknown>>;
  readonly deviceCode: string | undefined;
}

/**
 * The pending interaction `uid` as the provider stored it (through this adapter, so with the
 * same expiry rule), for the sign-in pages that carry only its uid; undefined when unknown or
 * expired.
 */
export async function findInteraction(ctx: Ctx, uid: string): Promise<StoredInteraction | undefined> {
  const payload = await new KyselyAdapter(ctx, 'Interaction').find(uid);
  if (payload === undefined) return undefined;
  const params = typeof payload['params'] === 'object' && payload['params'] !== null ? payload['params'] as Record<string, unknown> : {};
  return { params, deviceCode: typeof payload['deviceCode'] === 'string' ? payload['deviceCode'] : undefined };
}

/**
 * Removes up to `limit` expired rows (housekeeping calls it every few minutes, so the table does
 * not grow without bound). An expired payload is invisible already: `find` ignores it.
 */
export async function pruneExpiredPayloads(ctx: Ctx, now = ctx.now(), limit = 10_000): Promise<number> {
  const result = await ctx.db.deleteFrom('oidc_payloads')
    .where((eb) => eb(eb.refTuple('model', 'id'), 'in', eb.selectFrom('oidc_payloads').select(['model', 'id']).where('expires_at', '<=', now).limit(limit).$asTuple('model', 'id')))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
