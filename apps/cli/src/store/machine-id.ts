/**
 * Which machine is this? `vault.json` records a fingerprint of the machine that created the
 * vault so a later check can tell a vault copied to another machine (a clone, which must not
 * keep device-bound keys). The raw id is the systemd/D-Bus machine id where there is one, else
 * the host name. It is never stored as is: machine-id(5) asks applications to use a keyed hash
 * of it, so we store HMAC-SHA256(key = raw id, "tessera/v1/machine-id").
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { nodeHmac } from '../crypto/hmac.js';

const MACHINE_ID_FILES = ['/etc/machine-id', '/var/lib/dbus/machine-id'];
const APP_LABEL = new TextEncoder().encode('tessera/v1/machine-id');

/** Returns the raw id of the current machine. Injectable for tests. */
export type MachineIdSource = () => Promise<string>;

/**
 * The first non-empty machine-id file, else the host name.
 *
 * @example
 * ```ts
 * const raw = await readMachineId(); // '3d1219c7c4c5404aaa1f6d2a48adfda4'
 * ```
 */
export const readMachineId: MachineIdSource = async () => {
  for (const file of MACHINE_ID_FILES) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.trim() !== '') return text.trim();
  }
  return hostname();
};

/**
 * The raw machine id as this command sees it: `TESSERA_MACHINE_ID` when set (containers that
 * share one machine id, tests that play two machines), else {@link readMachineId}. The vault
 * store, the backup engine and the work-key store all ask through here, so they agree.
 */
export function machineIdFromEnv(env: Readonly<Record<string, string | undefined>>): MachineIdSource {
  const override = env['TESSERA_MACHINE_ID'];
  return override !== undefined && override !== '' ? () => Promise.resolve(override) : readMachineId;
}

/**
 * The fingerprint stored in `vault.json` for a raw machine id (64 hex characters).
 *
 * @example
 * ```ts
 * machineFingerprint(await readMachineId()) === meta.machineId; // false on a clone
 * ```
 */
export function machineFingerprint(rawId: string): string {
  return Buffer.from(nodeHmac('SHA256', new TextEncoder().encode(rawId), APP_LABEL)).toString('hex');
}
