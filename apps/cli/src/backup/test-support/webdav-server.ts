/**
 * A real WebDAV server the fault tests can kill and bring back: `rclone serve webdav` (Debian's
 * `rclone`) on a folder the test owns, on a fixed loopback port, so a restarted server serves
 * the same files at the same URL the backup settings remember. Plus a TCP proxy in front of it
 * that kills the server in the middle of a chosen request — the upload's body half sent — for
 * "the destination died mid-upload" without any timing.
 *
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';
import { join } from 'node:path';

/** True when an `rclone` binary answers on PATH. */
export function rcloneAvailable(): boolean {
  return spawnSync('rclone', ['version'], { stdio: 'ignore' }).status === 0;
}

/**
 * A loopback port nothing listens on right now (the usual small race is acceptable in tests).
 * The destinations package's helper is not reused: its module loads s3rver, which the CLI's
 * type check has no declarations for.
 */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A folder served over WebDAV with Basic auth; stop and start it at will. */
export interface ServedFolder {
  readonly dir: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** Kills the server (SIGKILL) and waits until it has exited; the folder stays. */
  stop(): Promise<void>;
  /** Starts it again on the same folder and port and waits until it answers. */
  start(): Promise<void>;
}

/** Serves `dir` over WebDAV on a free loopback port; resolves once it answers. */
export async function serveFolder(dir: string): Promise<ServedFolder> {
  const port = await freePort();
  const username = 'tessera';
  const password = 'fault-test-password';
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const args = ['serve', 'webdav', dir, '--addr', `127.0.0.1:${String(port)}`, '--user', username, '--pass', password];
    const started = spawn('rclone', args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, RCLONE_CONFIG: join(dir, '..', '.no-rclone.conf') } });
    let log = '';
    started.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child = started;
    await waitUntilAnswering(port, started, () => log);
  };
  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running?.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return { dir, port, username, password, stop, start };
}

async function waitUntilAnswering(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`rclone serve webdav exited early:\n${log()}`);
    try {
      await fetch(`http://127.0.0.1:${String(port)}/`, { method: 'OPTIONS', signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`rclone serve webdav did not answer on port ${String(port)}:\n${log()}`);
}

/** A proxy in front of a server that can take the server down in the middle of one request. */
export interface CutProxy {
  readonly port: number;
  /**
   * The next request whose bytes match `pattern` is forwarded only in part (its first half);
   * then `kill` runs (stop the server) and both connections are cut.
   */
  cutNext(pattern: RegExp, kill: () => Promise<void>): void;
  /** How many cuts happened. */
  cuts(): number;
  close(): Promise<void>;
}

/** Starts a TCP proxy on a free loopback port to `targetPort`. */
export async function startCutProxy(targetPort: number): Promise<CutProxy> {
  let armed: { pattern: RegExp; kill: () => Promise<void> } | undefined;
  let cuts = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    upstream.pipe(client);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.on('data', (chunk: Buffer) => {
      const cut = armed;
      if (cut?.pattern.test(chunk.toString('latin1')) !== true) {
        upstream.write(chunk);
        return;
      }
      armed = undefined;
      cuts += 1;
      client.pause();
      upstream.write(chunk.subarray(0, Math.ceil(chunk.length / 2)));
      void cut.kill().finally(() => {
        client.destroy();
        upstream.destroy();
      });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    cutNext: (pattern, kill) => {
      armed = { pattern, kill };
    },
    cuts: () => cuts,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
