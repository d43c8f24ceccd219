/**
 * Names of the event-bus channels push approval uses. Events only say "look again" and carry
 * ids, never numbers, nonces or tokens: whoever receives one re-reads the row, which is the
 * truth (see `events/bus.ts`).
 *
 * @module
 */

/** A user's pushes changed (created, decided): their devices' event streams look again. */
export function userChannel(userId: string): string {
  return `push.user.${userId}`;
}

/** One approval was decided: the sign-in waiting on it looks again. */
export function approvalChannel(approvalId: string): string {
  return `push.approval.${approvalId}`;
}

/** A device was revoked: its open event streams close. */
export function deviceChannel(deviceId: string): string {
  return `push.device.${deviceId}`;
}
