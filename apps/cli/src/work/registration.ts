/**
 * Registering this device for a work account, and the user's other registrations: a new P-256
 * key pair, its public half sent with the fresh sign-in (`POST /api/devices`), its private half
 * sealed into the device-bound store; `GET /api/devices` and `DELETE /api/devices/:id` to see
 * and remove the registrations of devices that are gone.
 *
 * @module
 */
import { hostname } from 'node:os';
import { sendJson, send } from '../admin/http.js';
import { terminalSafe } from '../admin/server-error.js';
import { CliError } from '../errors.js';
import { generateWorkKey } from './es256.js';
import { isRegistrationId, saveWorkKey, type WorkKeyStoreContext } from './key-store.js';
import type { WorkSignIn } from './sign-in.js';

/** A device registered for the user, as the server lists it. */
export interface RegisteredDevice {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number | undefined;
  readonly lastSeenAt: number | undefined;
}

/** The default name of this device at the server (1–64 characters). */
export function defaultDeviceName(): string {
  return `tessera on ${hostname()}`.slice(0, 64);
}

function parseDevice(value: unknown): RegisteredDevice | undefined {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const { id, name, createdAt, lastSeenAt } = v;
  if (typeof id !== 'string' || !isRegistrationId(id)) return undefined;
  return {
    id, name: typeof name === 'string' ? terminalSafe(name, 64) : '',
    createdAt: typeof createdAt === 'number' ? createdAt : undefined, lastSeenAt: typeof lastSeenAt === 'number' ? lastSeenAt : undefined,
  };
}

/** What a registration gives: its id, and whether the organisation lets the OATH secret into backups. */
export interface Registration {
  readonly registrationId: string;
  /** `false` unless the server says `allowWorkSecretBackup: true` (an older server says nothing). */
  readonly allowSecretBackup: boolean;
}

/**
 * Makes a key pair, registers its public key with `signIn` and seals the private key in the
 * device-bound store; returns the registration id and the organisation's secret-backup policy.
 *
 * @example
 * ```ts
 * const { registrationId, allowSecretBackup } = await registerThisDevice(store, signIn, defaultDeviceName());
 * ```
 */
export async function registerThisDevice(store: WorkKeyStoreContext, signIn: WorkSignIn, name: string): Promise<Registration> {
  const { privateJwk, publicJwk } = await generateWorkKey();
  const answer = (await sendJson({ url: `${signIn.serverUrl}/api/devices`, bearer: signIn.accessToken, json: { name, publicKey: publicJwk } })) as Record<string, unknown> | undefined;
  const device = parseDevice(answer?.['device']);
  const audience = answer?.['tokenAudience'];
  if (device === undefined || typeof audience !== 'string') throw new CliError('ERR_SERVER_FAILED', 'The server\'s answer to the registration has no device id or token audience.');
  await saveWorkKey(store, device.id, privateJwk, { serverUrl: signIn.serverUrl, audience });
  return { registrationId: device.id, allowSecretBackup: answer?.['allowWorkSecretBackup'] === true };
}

/** The user's live registrations at the server. */
export async function listRegistrations(signIn: WorkSignIn): Promise<RegisteredDevice[]> {
  const answer = (await sendJson({ url: `${signIn.serverUrl}/api/devices`, bearer: signIn.accessToken })) as Record<string, unknown> | undefined;
  const devices = answer?.['devices'];
  return Array.isArray(devices) ? devices.flatMap((d) => parseDevice(d) ?? []) : [];
}

/** Removes registration `id` (needs a full sign-in: a Temporary Access Pass cannot remove devices). */
export async function removeRegistration(signIn: WorkSignIn, id: string): Promise<void> {
  const response = await send({ method: 'DELETE', url: `${signIn.serverUrl}/api/devices/${encodeURIComponent(id)}`, bearer: signIn.accessToken });
  await response.body?.cancel();
}
