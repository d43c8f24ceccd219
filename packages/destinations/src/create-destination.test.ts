import { describe, expect, it } from 'vitest';
import { createDestination } from './create-destination.js';
import type { RemoteDestinationConfig } from './destination-config.js';
import { parseDestinationUrl } from './parse-destination-url.js';
import { scriptedFetch } from './test-support/fake-fetch.js';

const NOW = Date.UTC(2025, 5, 6, 7, 8, 9);

function remote(text: string, credentials = {}): RemoteDestinationConfig {
  const config = parseDestinationUrl(text, credentials);
  if (config.kind === 'folder') throw new Error('expected a remote destination');
  return config;
}

describe('createDestination', () => {
  it('opens WebDAV with the config’s credentials', async () => {
    const { fetch, requests } = scriptedFetch(() => ({ status: 404 }));
    const destination = createDestination(remote('webdavs://ada:pw@cloud.example.com/dav'), { fetch, now: () => NOW });
    expect(destination.description).toBe('webdavs://cloud.example.com/dav/');
    expect(await destination.read('x.age')).toBeUndefined();
    expect(requests[0]?.url).toBe('https://cloud.example.com/dav/x.age');
    expect(requests[0]?.headers['authorization']).toBe(`Basic ${btoa('ada:pw')}`);
  });

  it('opens S3 with its endpoint, prefix and keys, signing with the given clock', async () => {
    const { fetch, requests } = scriptedFetch(() => ({ status: 404 }));
    const config = remote('s3://bucket-1/laptop?endpoint=http://127.0.0.1:9000', { accessKeyId: 'AKID', secretAccessKey: 'SECRET', sessionToken: 'TOKEN' });
    const destination = createDestination(config, { fetch, now: () => NOW, timeoutMs: 1234 });
    expect(destination.description).toBe('s3://bucket-1/laptop/?endpoint=http://127.0.0.1:9000');
    await destination.read('x.age');
    expect(requests[0]?.url).toBe('http://127.0.0.1:9000/bucket-1/laptop/x.age');
    expect(requests[0]?.headers).toMatchObject({ 'x-amz-date': '20250606T070809Z', 'x-amz-security-token': 'TOKEN' });
    expect(requests[0]?.headers['authorization']).toContain('Credential=AKID/20250606/us-east-1/s3/aws4_request');
  });

  it('refuses S3 without a key pair with ERR_DESTINATION_AUTH', () => {
    const { fetch } = scriptedFetch(() => ({ status: 500 }));
    expect(() => createDestination(remote('s3://bucket-1', { accessKeyId: 'AKID' }), { fetch, now: () => NOW })).toThrow(
      expect.objectContaining({ code: 'ERR_DESTINATION_AUTH' }) as Error,
    );
  });

  it('refuses a folder config: the app opens folders', () => {
    const { fetch } = scriptedFetch(() => ({ status: 500 }));
    const folder = parseDestinationUrl('/media/usb') as unknown as RemoteDestinationConfig;
    expect(() => createDestination(folder, { fetch, now: () => NOW })).toThrow(TypeError);
  });
});
