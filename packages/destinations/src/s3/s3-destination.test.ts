import type { Destination } from '@tessera/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinationContract } from '../test-support/contract.js';
import { expectEveryOperation, failure } from '../test-support/expect-failure.js';
import { startS3rver, startSilentServer, type S3Server } from '../test-support/servers.js';
import { s3Destination, type S3DestinationOptions } from './s3-destination.js';

function options(server: S3Server, overrides: Partial<S3DestinationOptions> = {}): S3DestinationOptions {
  return {
    bucket: server.bucket,
    prefix: '',
    endpoint: server.endpoint,
    region: 'us-east-1',
    pathStyle: true,
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
    fetch: globalThis.fetch,
    timeoutMs: 2000,
    now: Date.now,
    ...overrides,
  };
}

describe('S3 destination on a real S3 server (s3rver)', () => {
  let server: S3Server;
  beforeAll(async () => {
    server = await startS3rver();
  });
  afterAll(async () => {
    await server.close();
  });

  describe('the Destination contract, at the bucket root', () => {
    destinationContract(() => s3Destination(options(server)));
  });

  describe('the Destination contract, under a key prefix', () => {
    destinationContract(() => s3Destination(options(server, { prefix: 'people/ada x/' })));
  });

  // Pagination is not run against s3rver: its continuation tokens are DES-encrypted, which
  // Node 20's OpenSSL 3 no longer offers (every second page is an InternalError). The paging
  // logic is tested against AWS-format pages in s3-protocol.test.ts.

  it('keeps objects of different prefixes apart', async () => {
    const mine: Destination = s3Destination(options(server, { prefix: 'mine/' }));
    const theirs: Destination = s3Destination(options(server, { prefix: 'theirs/' }));
    await mine.create('k.age', new Uint8Array([1]));
    await theirs.create('k.age', new Uint8Array([2]));
    expect(await mine.list('')).toEqual([{ name: 'k.age', size: 1 }]);
    expect(await theirs.read('k.age')).toEqual(new Uint8Array([2]));
  });

  it('describes itself without credentials', () => {
    const destination = s3Destination(options(server, { prefix: 'a/', secretAccessKey: 'very-secret-key' }));
    expect(destination.description).toBe(`s3://${server.bucket}/a/?endpoint=${server.endpoint}`);
  });

  it('an unknown access key is ERR_DESTINATION_AUTH for every operation; the secret never shows', async () => {
    const destination = s3Destination(options(server, { accessKeyId: 'NOT-A-KEY', secretAccessKey: 'wrong-secret-123' }));
    await expectEveryOperation(destination, 'ERR_DESTINATION_AUTH', 'wrong-secret-123');
  });

  it('a missing bucket is ERR_DESTINATION_FAILED naming NoSuchBucket, never "no such object"', async () => {
    const destination = s3Destination(options(server, { bucket: 'no-such-bucket' }));
    const error = await failure(destination.read('tessera/keyring.age'));
    expect(error.code).toBe('ERR_DESTINATION_FAILED');
    expect(error.message).toContain('NoSuchBucket');
    expect((await failure(destination.list(''))).code).toBe('ERR_DESTINATION_FAILED');
  });
});

describe('S3 destination when the server goes away', () => {
  it('a closed server is ERR_DESTINATION_UNREACHABLE for every operation; the secret never shows', async () => {
    const server = await startS3rver('gone-bucket');
    const destination = s3Destination(options(server, { secretAccessKey: 'secret-that-must-not-leak' }));
    await destination.create('tessera/a.age', new Uint8Array([1]));
    await server.close();
    await expectEveryOperation(destination, 'ERR_DESTINATION_UNREACHABLE', 'secret-that-must-not-leak');
  });

  it('a server that never answers is ERR_DESTINATION_UNREACHABLE once the timeout passes', async () => {
    const silent = await startSilentServer('hang');
    try {
      const endpoint = new URL(silent.url).origin;
      const destination = s3Destination({ ...options({ endpoint, bucket: 'b-1', accessKeyId: 'k', secretAccessKey: 's3cr3t-value' } as S3Server), timeoutMs: 300 });
      await expectEveryOperation(destination, 'ERR_DESTINATION_UNREACHABLE', 's3cr3t-value');
    } finally {
      await silent.close();
    }
  });
});
