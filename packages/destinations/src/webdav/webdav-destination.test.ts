import type { Destination } from '@tessera/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinationContract } from '../test-support/contract.js';
import { expectEveryOperation, failure } from '../test-support/expect-failure.js';
import { rcloneAvailable, startRcloneWebdav, startSilentServer, type RcloneWebdav } from '../test-support/servers.js';
import { webdavDestination } from './webdav-destination.js';

const available = rcloneAvailable();

if (!available && process.env['CI']) {
  it('rclone is installed (CI needs it for the WebDAV destination tests; .ci/run installs the Debian package)', () => {
    throw new Error('rclone not found on PATH: install it (apt-get install rclone) to run the WebDAV destination tests.');
  });
}

describe.skipIf(!available)('WebDAV destination on a real `rclone serve webdav`', () => {
  let server: RcloneWebdav;
  beforeAll(async () => {
    server = await startRcloneWebdav();
  });
  afterAll(async () => {
    await server.stop();
  });

  const open = (path = ''): Destination =>
    webdavDestination({ url: server.url + path, username: server.username, password: server.password, fetch: globalThis.fetch, timeoutMs: 2000 });

  describe('the Destination contract, at the server root', () => {
    destinationContract(() => open());
  });

  describe('the Destination contract, in a collection that does not exist yet', () => {
    destinationContract(() => open('backups/ada%20x/'));
  });

  it('describes itself without credentials', () => {
    const destination = open('dav/');
    expect(destination.description).toBe(`webdav://${new URL(server.url).host}/dav/`);
  });

  it('a wrong password is ERR_DESTINATION_AUTH for every operation, and never shown', async () => {
    const wrong = 'wrong-Pa55word-xyz';
    const destination = webdavDestination({ url: server.url, username: server.username, password: wrong, fetch: globalThis.fetch, timeoutMs: 2000 });
    await expectEveryOperation(destination, 'ERR_DESTINATION_AUTH', wrong);
    const none = webdavDestination({ url: server.url, fetch: globalThis.fetch, timeoutMs: 2000 });
    await expectEveryOperation(none, 'ERR_DESTINATION_AUTH');
  });
});

describe.skipIf(!available)('WebDAV destination when the server goes away', () => {
  it('a killed server is ERR_DESTINATION_UNREACHABLE for every operation; the password never shows', async () => {
    const server = await startRcloneWebdav();
    const destination = webdavDestination({ url: server.url, username: server.username, password: server.password, fetch: globalThis.fetch, timeoutMs: 2000 });
    await destination.create('tessera/a.age', new Uint8Array([1]));
    await server.stop(true);
    await expectEveryOperation(destination, 'ERR_DESTINATION_UNREACHABLE', server.password);
  });
});

describe('WebDAV destination against servers that misbehave', () => {
  it('a server that never answers is ERR_DESTINATION_UNREACHABLE once the timeout passes', async () => {
    const silent = await startSilentServer('hang');
    try {
      const destination = webdavDestination({ url: silent.url, username: 'u', password: 'hunter2-secret', fetch: globalThis.fetch, timeoutMs: 300 });
      await expectEveryOperation(destination, 'ERR_DESTINATION_UNREACHABLE', 'hunter2-secret');
      expect((await failure(destination.read('a'))).message).toContain('no answer within 0.3 s');
    } finally {
      await silent.close();
    }
  });

  it('a connection cut halfway through an answer is ERR_DESTINATION_UNREACHABLE', async () => {
    const cut = await startSilentServer('cut');
    try {
      const destination = webdavDestination({ url: cut.url, fetch: globalThis.fetch, timeoutMs: 2000 });
      await expectEveryOperation(destination, 'ERR_DESTINATION_UNREACHABLE');
    } finally {
      await cut.close();
    }
  });
});
