/**
 * A real HTTP listener on loopback for protocol tests of the admin client: each test scripts
 * the answers a server could give (slow_down, expired tokens, error bodies) and the client runs
 * its real fetch code against them. Every request is recorded, bodies parsed, so tests can
 * check what the CLI sent (and that tokens went only where they belong).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  /** Parsed form or JSON body; raw text otherwise. */
  readonly body: unknown;
}

export interface Answer {
  readonly status?: number;
  readonly json?: unknown;
  readonly text?: string;
  readonly headers?: Record<string, string>;
}

export type Handler = (request: RecordedRequest, listener: Listener) => Answer | Promise<Answer>;

export interface Listener {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const type = request.headers['content-type'] ?? '';
  if (text === '') return undefined;
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  if (type.startsWith('application/json')) return JSON.parse(text) as unknown;
  return text;
}

function reply(response: ServerResponse, answer: Answer): void {
  const body = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.text ?? '');
  const type = answer.json !== undefined ? { 'content-type': 'application/json' } : {};
  response.writeHead(answer.status ?? 200, { ...type, ...answer.headers });
  response.end(body);
}

/** Starts a listener on 127.0.0.1 with an OS-chosen port. */
export async function startListener(handler: Handler): Promise<Listener> {
  const requests: RecordedRequest[] = [];
  const ready: { listener?: Listener } = {};
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = { method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: request.headers, body: await readBody(request) };
      requests.push(recorded);
      if (ready.listener === undefined) throw new Error('listener not ready');
      reply(response, await handler(recorded, ready.listener));
    })().catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const listener: Listener = {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => {
        if (error) reject(error);
        else resolve();
      });
    }),
  };
  ready.listener = listener;
  return listener;
}

/** The discovery document of a server at `base`. */
export function discoveryDocument(base: string, revocation = true): Record<string, unknown> {
  return {
    issuer: `${base}/oidc`,
    device_authorization_endpoint: `${base}/oidc/device/auth`,
    token_endpoint: `${base}/oidc/token`,
    ...(revocation ? { revocation_endpoint: `${base}/oidc/token/revocation` } : {}),
  };
}
