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
 * The same question for a pending interaction known only by its uid (the TAP sign-in form),
 * answered from the provider's store; an unknown or expired interaction answers false.
 */
export async function interactionAcceptsTap(ctx: Pick<ServerContext, 'db' | 'now'>, uid: string): Promise<boolean> {
  const interaction = await findInteraction(ctx, uid);
  return interaction !== undefined && tapMayComplete(interaction);
}
