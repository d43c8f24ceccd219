/**
 * A server that accepts a connection and drops it at once can leave a request of Node's fetch
 * pending for good (an undici race, seen on a process's first request). With nothing else
 * pending, `tessera` then ended mid-command with exit status 13 and no message, because the
 * timer of `AbortSignal.timeout` does not keep a process alive. Every request the CLI makes — to
 * a backup destination and to an organisation server — must instead end within its bound with
 * the typed "unreachable" error.
 *
 * The race needs a fresh process with no other work, so each request runs in a child process
 * against the build (`npm test` builds first). Without the fix it hit 11 to 14 of 16 such
 * requests here, so sixteen children per client make a regression all but certain to show.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CHILDREN = 16;
const DESTINATIONS = fileURLToPath(new URL('../../../packages/destinations/dist/index.js', import.meta.url));
const ADMIN_HTTP = fileURLToPath(new URL('../dist/admin/http.js', import.meta.url));

// A server that drops each connection 0–2 ms after accepting it, and one request to it.
const SERVER = `
import { createServer } from 'node:net';
const server = createServer((socket) => { socket.on('error', () => undefined); setTimeout(() => socket.destroy(), Number(process.argv[2])); });
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
server.unref();
const url = 'http://127.0.0.1:' + server.address().port + '/';
const module = await import(process.argv[1]);
const outcome = (promise) => promise.then(() => 'answered', (error) => error.code ?? String(error)).then((code) => console.log(code));
`;
const REQUESTS = {
  destination: `${SERVER}await outcome(module.webdavDestination({ url, fetch: globalThis.fetch, timeoutMs: 1000 }).create('tessera/probe', new Uint8Array([1])));`,
  server: `${SERVER}await outcome(module.exchange({ url, timeoutMs: 1000 }));`,
  // The event stream of `tessera approve`: the caller's signal bounds the body, the timeout only the headers.
  stream: `${SERVER}await outcome(module.exchange({ url, timeoutMs: 1000, signal: new AbortController().signal }));`,
};

function child(script: string, module: string, delay: number): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const running = spawn(process.execPath, ['--input-type=module', '-e', script, module, String(delay)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  running.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  running.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => running.on('close', (status) => { resolve({ status, stdout, stderr }); }));
}

describe('a connection dropped as soon as it is accepted (needs the build)', () => {
  it.each([
    ['a backup destination', 'ERR_DESTINATION_UNREACHABLE', REQUESTS.destination, DESTINATIONS],
    ['an organisation server', 'ERR_SERVER_UNREACHABLE', REQUESTS.server, ADMIN_HTTP],
    ['an organisation server\'s event stream', 'ERR_SERVER_UNREACHABLE', REQUESTS.stream, ADMIN_HTTP],
  ])('a request to %s ends as %s instead of staying pending', async (_what, code, script, module) => {
    if (!existsSync(module)) throw new Error(`${module} is missing: run \`npm run build\` first (npm test does)`);
    const ended = await Promise.all(Array.from({ length: CHILDREN }, (_, i) => child(script, module, i % 3)));
    expect(ended).toEqual(Array.from({ length: CHILDREN }, () => ({ status: 0, stdout: `${code}\n`, stderr: '' })));
  });
});
