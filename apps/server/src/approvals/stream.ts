/**
 * The device's event stream (`GET /api/device/events`, server-sent events). On connect it sends
 * every pending push of the device's user, then each new one as it is created on any instance
 * (the bus carries a "look again" with the approval id; the row is re-read here), and a
 * `resolved` event when a push is answered elsewhere or expires from view. It sends a heartbeat
 * comment every {@link HEARTBEAT_MS}, rechecks the device at each, and closes — with a final
 * `close` event naming the reason — when the device is revoked or its token expires; the device
 * then reconnects with a fresh token. Events may repeat (the `id` field lets a device skip
 * duplicates); none is lost between the initial list and the live feed, because the stream
 * subscribes before it reads.
 *
 * Events: `approval` (data: a {@link PendingApproval}), `resolved` (data: `{ id, outcome }`),
 * `close` (data: `{ reason: 'revoked' | 'token_expired' | 'shutdown' }`). The server ends every
 * stream when it shuts down, so a graceful stop never waits for tokens to expire.
 *
 * @module
 */
import type { FastifyReply } from 'fastify';
import type { ServerContext } from '../context.js';
import type { AuthenticatedDevice } from '../devices/device-token.js';
import type { EventPayload } from '../events/bus.js';
import { deviceChannel, userChannel } from './channels.js';
import { approvalForDevice, listPendingApprovals, type PendingApproval } from './pending.js';

/** Why the server ended a stream: the device was revoked, its token expired, the server is stopping. */
export type CloseReason = 'revoked' | 'token_expired' | 'shutdown';

/** Interval between heartbeats (keeps proxies from closing an idle stream). */
export const HEARTBEAT_MS = 15_000;

const HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-accel-buffering': 'no',
  // One stream per connection: when it ends, so does the connection (a stopping server then
  // has no idle keep-alive socket left to wait for).
  connection: 'close',
} as const;

function frame(event: string, data: unknown, id?: string): string {
  return `event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`;
}

/** Serves the event stream for an authenticated device until it closes. */
export function streamApprovals(ctx: ServerContext, reply: FastifyReply, auth: AuthenticatedDevice, shutdown?: AbortSignal): void {
  const { device } = auth;
  const raw = reply.raw;
  reply.hijack();
  raw.writeHead(200, HEADERS);
  raw.write('retry: 3000\n\n');
  let open = true;
  let queue: Promise<void> = Promise.resolve();
  // Writes happen in order even though each needs a database read first.
  const enqueue = (work: () => Promise<void>): void => {
    queue = queue.then(work).catch((error: unknown) => {
      ctx.log.error({ deviceId: device.id, err: error instanceof Error ? error.message : 'unknown' }, 'device event stream failed');
      close(undefined);
    });
  };
  const sendApproval = (a: PendingApproval): void => { if (open) raw.write(frame('approval', a, a.id)); };
  const sendAll = async (): Promise<void> => { for (const a of await listPendingApprovals(ctx, device.tenantId, device.userId)) sendApproval(a); };
  const onUserEvent = (payload: EventPayload): void => {
    const id = payload['approvalId'];
    enqueue(async () => {
      if (typeof id !== 'string') return sendAll();
      const found = await approvalForDevice(ctx, device.tenantId, device.userId, id);
      if (found === undefined || !open) return;
      if ('pending' in found) sendApproval(found.pending);
      else raw.write(frame('resolved', found.resolved, found.resolved.id));
    });
  };
  const stopUser = ctx.events.subscribe(userChannel(device.userId), onUserEvent);
  const stopDevice = ctx.events.subscribe(deviceChannel(device.id), () => { close('revoked'); });
  const heartbeat = setInterval(() => {
    enqueue(async () => {
      const row = await ctx.db.selectFrom('devices').select('revoked_at').where('id', '=', device.id).where('tenant_id', '=', device.tenantId).executeTakeFirst();
      if (row?.revoked_at !== null) close('revoked');
      else if (open) raw.write(': heartbeat\n\n');
    });
  }, HEARTBEAT_MS);
  const expiry = setTimeout(() => { close('token_expired'); }, Math.max(0, auth.tokenExpiresAt - ctx.now()));
  const onShutdown = (): void => { close('shutdown'); };
  shutdown?.addEventListener('abort', onShutdown);
  function close(reason: CloseReason | undefined): void {
    if (!open) return;
    open = false;
    stopUser();
    stopDevice();
    clearInterval(heartbeat);
    clearTimeout(expiry);
    shutdown?.removeEventListener('abort', onShutdown);
    if (reason !== undefined && !raw.writableEnded) raw.write(frame('close', { reason }));
    raw.end();
  }
  raw.on('close', () => { close(undefined); });
  if (shutdown?.aborted === true) close('shutdown');
  else enqueue(sendAll);
}
