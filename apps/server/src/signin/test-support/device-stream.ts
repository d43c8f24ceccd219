/**
 * A device's event stream over its own TCP connection (node:http, no shared keep-alive pool),
 * closed by destroying that connection — so a server told to stop never waits on it.
 */
import { request, type IncomingMessage } from 'node:http';

/** One `approval` event: the push as the device sees it. */
export interface StreamedPush {
  readonly id: string;
  readonly nonce: string;
  readonly app: string;
  readonly ip: string | null;
}

/** An open stream. */
export interface DeviceStream {
  readonly status: number;
  /** The next event named `name` (others are skipped). */
  next(name: string): Promise<{ id: string | undefined; data: unknown }>;
  close(): void;
}

function parse(block: string): { event: string; id: string | undefined; data: string } {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    const at = line.indexOf(':');
    if (at <= 0) continue;
    const field = line.slice(0, at);
    const value = line.slice(at + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  return { event, id, data: data.join('\n') };
}

/** Opens `url` (`GET /api/device/events`) with the device token `bearer`. */
export function openDeviceStream(url: string, bearer: string): Promise<DeviceStream> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { authorization: `Bearer ${bearer}`, accept: 'text/event-stream' } }, (res: IncomingMessage) => {
      res.setEncoding('utf8');
      let buffer = '';
      const waiting: (() => void)[] = [];
      res.on('data', (chunk: string) => { buffer += chunk; for (const wake of waiting.splice(0)) wake(); });
      res.on('end', () => { for (const wake of waiting.splice(0)) wake(); });
      resolve({
        status: res.statusCode ?? 0,
        async next(name) {
          for (;;) {
            const end = buffer.indexOf('\n\n');
            if (end >= 0) {
              const block = parse(buffer.slice(0, end));
              buffer = buffer.slice(end + 2);
              if (block.event === name && block.data !== '') return { id: block.id, data: JSON.parse(block.data) as unknown };
              continue;
            }
            if (res.readableEnded) throw new Error(`the event stream ended before "${name}"`);
            await new Promise<void>((wake) => { waiting.push(wake); });
          }
        },
        close() { req.destroy(); },
      });
    });
    req.on('error', reject);
    req.end();
  });
}
