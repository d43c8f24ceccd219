/**
 * Real `tessera-server` processes for tests that need the built program as an operator runs it:
 * compiled from the working tree, started on loopback with port 0 (the address is read from
 * stderr, as an operator reads it), stopped with SIGTERM.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** A running server process. */
export interface ServerProcess {
  readonly url: string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Compiles every package (incremental), as a release build would. */
export async function buildServer(): Promise<void> {
  await promisify(execFile)('npx', ['tsc', '-b', 'tsconfig.build.json'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
}

function listening(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const onData = (): void => {
      const match = /listening on (http:\/\/\S+)/.exec(output());
      if (match?.[1] === undefined) return;
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      resolve(match[1]);
    };
    const onExit = (code: number | null): void => { reject(new Error(`tessera-server exited (${String(code)}):\n${output()}`)); };
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/**
 * Starts `node apps/server/bin/tessera-server.js` with `env` (over PATH, HOME = the data folder,
 * port 0 on 127.0.0.1, log level warn) and waits until it listens.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['apps/server/bin/tessera-server.js'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: env['TESSERA_SERVER_DATA_DIR'] ?? '/nonexistent', TESSERA_SERVER_PORT: '0', TESSERA_SERVER_HOST: '127.0.0.1', TESSERA_SERVER_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => { stderr += chunk; });
  const url = await listening(child, () => stderr);
  return {
    url,
    stderr: () => stderr,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => { resolve(); });
      child.kill('SIGTERM');
    }),
  };
}
