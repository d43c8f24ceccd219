/**
 * The device's event stream (`GET /api/device/events`, server-sent events): every pending
 * approval on connect, then each new one, `resolved` when one is answered anywhere, and `close`
 * when the server ends the stream (revoked device, expired token, shutdown). Read with `fetch`
 * because the stream needs an `Authorization` header.
 *
 * @module
 */
import { send } from '../admin/http.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { asDevice, parsePendingApproval, type PendingApproval } from './device-api.js';
import type { LoadedWorkKey } from './key-store.js';

/** One event of the stream, parsed. */
export type DeviceEvent =
  | { readonly type: 'approval'; readonly approval: PendingApproval }
  | { readonly type: 'resolved'; readonly id: string; readonly outcome: string }
  | { readonly type: 'close'; readonly reason: string };

/** Longest event accepted, in characters: a hostile server cannot grow memory without bound. */
const MAX_EVENT = 16 * 1024;

function parseEvent(name: string, data: string): DeviceEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (name === 'approval') {
    const approval = parsePendingApproval(value);
    return approval === undefined ? undefined : { type: 'approval', approval };
  }
  if (name === 'resolved' && typeof v['id'] === 'string') return { type: 'resolved', id: v['id'], outcome: String(v['outcome']) };
  if (name === 'close') return { type: 'close', reason: String(v['reason']) };
  return undefined;
}

/** Splits SSE text into events (`event:` + `data:` lines, ended by a blank line); comments are skipped. */
export function* parseSseBlocks(blocks: readonly string[]): Generator<DeviceEvent> {
  for (const block of blocks) {
    let name = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    const event = data.length === 0 ? undefined : parseEvent(name, data.join('\n'));
    if (event !== undefined) yield event;
  }
}

/**
 * The events of one connection, until the server or `signal` ends it. Reconnecting (with a new
 * token) is the caller's choice.
 *
 * @example
 * ```ts
 * for await (const event of deviceEvents(io, key, signal)) if (event.type === 'approval') show(event.approval);
 * ```
 */
export async function* deviceEvents(io: CliIo, key: LoadedWorkKey, signal: AbortSignal): AsyncGenerator<DeviceEvent> {
  const response = await asDevice(io, key, (bearer) => send({ url: `${key.serverUrl}/api/device/events`, bearer, accept: 'text/event-stream', signal }));
  const body = response.body;
  if (body === null) return;
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      const blocks = buffer.split(/\r?\n\r?\n/);
      buffer = blocks.pop() ?? '';
      if (buffer.length > MAX_EVENT) throw new CliError('ERR_SERVER_FAILED', 'The server sent an oversized event.');
      yield* parseSseBlocks(blocks);
    }
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  }
}
