/**
 * Real delivery endpoints for tests, on loopback: an SMTP server (npm `smtp-server`) that keeps
 * every message it receives, and a node:http server that records SMS webhook calls and answers
 * with a status the test chooses.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the SMTP listener received it. */
export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly headers: ReadonlyMap<string, string>;
  /** The decoded text body. */
  readonly text: string;
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** Parses a single-part RFC 5322 message (what nodemailer writes for a text-only email). */
export function parseMail(raw: string, from: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  let body = raw.slice(split + 4);
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  if (encoding === 'quoted-printable') body = decodeQuotedPrintable(body);
  else if (encoding === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { from, to, headers, text: body.replace(/\r\n/g, '\n') };
}

/** A running SMTP listener. */
export interface SmtpListener {
  readonly url: string;
  readonly messages: ReceivedMail[];
  /** Resolves with the next message (or one already waiting beyond `seen`). */
  next(seen?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** Starts an SMTP server on 127.0.0.1 (no TLS, no auth: loopback only). */
export async function startSmtpListener(): Promise<SmtpListener> {
  const messages: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        messages.push(parseMail(Buffer.concat(chunks).toString('latin1'), from, session.envelope.rcptTo.map((r) => r.address)));
        for (const wake of waiters.splice(0)) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const next = async (seen = messages.length): Promise<ReceivedMail> => {
    for (;;) {
      const message = messages[seen];
      if (message !== undefined) return message;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { url: `smtp://127.0.0.1:${port}`, messages, next, close: () => new Promise<void>((resolve) => { server.close(() => { resolve(); }); }) };
}

/** A recorded webhook call. */
export interface WebhookCall {
  readonly method: string;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

/** A running webhook receiver. */
export interface WebhookListener {
  readonly url: string;
  readonly calls: WebhookCall[];
  /** The status the next calls are answered with (default 200). */
  status: number;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts an HTTP receiver on 127.0.0.1 that records JSON posts. */
export async function startWebhookListener(): Promise<WebhookListener> {
  const listener = { calls: [] as WebhookCall[], status: 200 };
  const server = createServer((request, response) => {
    void readBody(request).then((text) => {
      let body: unknown;
      try { body = JSON.parse(text); } catch { body = text; }
      listener.calls.push({ method: request.method ?? '', contentType: request.headers['content-type'], body });
      response.writeHead(listener.status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(listener, {
    url: `http://127.0.0.1:${port}/sms`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => { resolve(); }); }),
  });
}
