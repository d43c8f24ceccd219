/**
 * Which OIDC interactions a Temporary Access Pass may complete. A pass exists so that a person
 * without a usable factor can register one (security.md S19), and the Tessera CLI's device flow
 * is how a new or restored authenticator registers itself: so a TAP session may approve the
 * CLI's device code, and nothing else. A web app's sign-in is never completed with a pass — it
 * would hand the app a session the person only had for setting up a factor. What the CLI's token
 * may then do is still the TAP session's (only routes that register methods accept it), and it
 * dies with the pass (see `access-token.ts`).
 *
 * @module
 */
import type { InteractionDetails } from 'oidc-provider';
import type { ServerContext } from '../context.js';
import { findInteraction } from './adapter.js';
import { CLI_CLIENT_ID } from './clients.js';

/** Whether a TAP session may complete the interaction: the CLI's device flow only. */
export function tapMayComplete(details: Pick<InteractionDetails, 'params' | 'deviceCode'>): boolean {
  return details.params['client_id'] === CLI_CLIENT_ID && typeof details.deviceCode === 'string' && details.deviceCode !== '';
}

/**
 * The interaction a TAP sign-in form (`/signin/tap`, `/signin/guest-tap`) goes on to: `uid` when
 * the provider's store holds it pending and a pass may complete it, otherwise null (no
 * interaction, an unknown or expired one, or a web app's sign-in: the person lands on `/me`).
 */
export async function tapInteraction(ctx: Pick<ServerContext, 'db' | 'now'>, uid: string | undefined): Promise<string | null> {
  if (uid === undefined) return null;
  const interaction = await findInteraction(ctx, uid);
  return interaction !== undefined && tapMayComplete(interaction) ? uid : null;
}
