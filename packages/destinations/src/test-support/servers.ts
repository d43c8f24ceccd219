/**
 * Real servers for the destination tests, started and stopped by the tests themselves:
 * `rclone serve webdav` (Debian's `rclone`) as a child process and s3rver in-process, each on a
 * free loopback port with a fresh temp folder. Plus a "black hole" TCP server that accepts
 * connections and never answers, for timeout tests.
 *
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** True when an `rclone` binary answers on PATH. */
export function rcloneAvailable(): boolean {
  return spawnSync('rclone', ['version'], { stdio: 'ignore' }).status === 0;
}

/** A port nothing listens on right now (the usual small race is acceptable in tests). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A running `rclone serve webdav`. */
export interface RcloneWebdav {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** Stops the server (SIGTERM, or SIGKILL when `hard`) and waits for it to exit. */
  stop(hard?: boolean): Promise<void>;
}

/** Starts `rclone serve webdav` on a temp folder with Basic auth and waits until it answers. */
export async function startRcloneWebdav(): Promise<RcloneWebdav> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-webdav-'));
  const port = await freePort();
  const username = 'tessera';
  // Non-ASCII and a colon: Basic auth must carry both (only the user name may not contain ":").
  const password = `p@ss:wörd-${randomBytes(6).toString('hex')}`;
  const child = spawn('rclone', ['serve', 'webdav', dir, '--addr', `127.0.0.1:${port}`, '--user', username, '--pass', password], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, RCLONE_CONFIG: join(dir, '.no-rclone.conf') },
  });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}/`;
  await waitUntilAnswering(url, child, () => log);
  const stop = async (hard = false): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => { resolve(); }));
      child.kill(hard ? 'SIGKILL' : 'SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  return { url, username, password, stop };
}

async function waitUntilAnswering(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`rclone serve webdav exited early:\n${log()}`);
    try {
      await fetch(url, { method: 'OPTIONS', signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`rclone serve webdav did not answer on ${url}:\n${log()}`);
}

/** A running s3rver with one bucket. Its only key pair is `S3RVER`/`S3RVER`. */
export interface S3Server {
  readonly endpoint: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  close(): Promise<void>;
}

/** Starts s3rver in-process on a free loopback port with a temp folder and a bucket. */
export async function startS3rver(bucket = 'tessera-test'): Promise<S3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'tessera-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  let closed = false;
  const close = async (): Promise<void> => {
    if (!closed) {
      closed = true;
      server.httpServer.closeAllConnections();
      await server.close();
    }
    await rm(directory, { recursive: true, force: true });
  };
  return { endpoint: `http://127.0.0.1:${port}`, bucket, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', close };
}

/** A TCP server that accepts connections and never sends a byte; or answers half a response, then hangs up. */
export async function startSilentServer(behaviour: 'hang' | 'cut' = 'hang'): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    if (behaviour === 'cut') {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\npartial');
        socket.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const close = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  };
  return { url: `http://127.0.0.1:${address.port}/`, close };
}
