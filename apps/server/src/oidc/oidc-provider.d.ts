/**
 * Types for the parts of `oidc-provider` 8 that Tessera uses. The package ships no declarations,
 * so this file states exactly the surface the server relies on (and nothing more), which keeps
 * the rest of the code strictly typed.
 *
 * @module
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** A stored model's payload, as oidc-provider hands it to adapters. */
  export interface AdapterPayload {
    readonly [key: string]: unknown;
    readonly grantId?: string;
    readonly userCode?: string;
    readonly uid?: string;
    readonly accountId?: string;
    readonly clientId?: string;
    readonly consumed?: number;
  }

  /** The storage interface oidc-provider calls for every model. */
  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  /** The Koa context oidc-provider passes to configuration hooks (only what Tessera reads). */
  export interface KoaContextWithOIDC {
    body: unknown;
    type: string;
    status: number;
    readonly req: IncomingMessage;
    /** Koa's parsed query string. */
    readonly query: Readonly<Record<string, string | string[] | undefined>>;
    readonly oidc: {
      readonly client?: { readonly clientId: string; readonly clientName?: string };
      readonly result?: { readonly consent?: { readonly grantId?: string } };
      readonly session?: { grantIdFor(clientId: string): string | undefined };
      readonly provider: Provider;
    };
  }

  /** What an interaction carries (see `interactionDetails`). */
  export interface InteractionDetails {
    readonly uid: string;
    readonly params: Readonly<Record<string, unknown>>;
    readonly prompt: { readonly name: string; readonly reasons: readonly string[]; readonly details: Readonly<Record<string, unknown>> };
    /** Set when the interaction approves a device code (the device flow). */
    readonly deviceCode?: string | undefined;
  }

  /** A grant of scopes to a client for an account. */
  export interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: readonly string[]): void;
    save(): Promise<string>;
  }

  /** Account as returned by `findAccount`. */
  export interface Account {
    readonly accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export type Configuration = Record<string, unknown>;

  export class Provider {
    constructor(issuer: string, configuration: Configuration);
    proxy: boolean;
    readonly Grant: {
      new (init: { accountId: string; clientId: string }): Grant;
      find(id: string): Promise<Grant | undefined>;
    };
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionResult(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<string>;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export default Provider;
}
