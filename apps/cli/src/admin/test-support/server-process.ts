/**
 * The real `tessera-server` as a child process for end-to-end tests of `tessera admin`: built
 * from the working tree, started on loopback with a fresh data folder, and read the way an
 * operator reads it — the listening address and the first-start setup link on stderr.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

export interface ServerProcess {
  /** Base URL the server listens on (from its stderr). */
  readonly url: string;
  /** Waits until stderr matches `pattern` (e.g. the first-start setup link). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  stop(): Promise<void>;
}

/** Compiles every package (incremental), as a release build would. */
export async function buildAll(): Promise<void> {
  try {
    await promisify(execFile)('npx', ['tsc', '-b', 'tsconfig.build.json'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`the build failed:\n${stdout}${stderr}`, { cause: error });
  }
}

/**
 * A port free right now. The issuer URL (public URL + `/oidc`) must name the real port, and the
 * server derives its default public URL from the configured port, so the port is chosen first.
 */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function waitFor(child: ChildProcess, stream: Readable, output: () => string, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const match = pattern.exec(output());
      if (match !== null) {
        cleanup();
        resolve(match);
      }
      return match !== null;
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`tessera-server exited (${String(code)}) before printing ${String(pattern)}:\n${output()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`tessera-server did not print ${String(pattern)}:\n${output()}`));
    }, timeoutMs);
    const onData = (): void => { check(); };
    function cleanup(): void {
      clearTimeout(timer);
      stream.off('data', onData);
      child.off('exit', onExit);
    }
    stream.on('data', onData);
    child.on('exit', onExit);
    check();
  });
}

/** Starts `node apps/server/bin/tessera-server.js` with `dataDir` and waits until it listens. */
export async function startServer(dataDir: string, extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['apps/server/bin/tessera-server.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: dataDir,
      TESSERA_SERVER_DATA_DIR: dataDir,
      TESSERA_SERVER_HOST: '127.0.0.1',
      TESSERA_SERVER_PORT: String(port),
      TESSERA_SERVER_PUBLIC_URL: `http://127.0.0.1:${port}`,
      TESSERA_SERVER_LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => { stderr += chunk; });
  const output = (): string => stderr;
  const listening = await waitFor(child, child.stderr, output, /listening on (http:\/\/\S+)/, 30_000);
  return {
    url: (listening[1] ?? '').replace(/\/+$/, ''),
    waitForOutput: (pattern, timeoutMs = 10_000) => waitFor(child, child.stderr, output, pattern, timeoutMs),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => { resolve(); }));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
