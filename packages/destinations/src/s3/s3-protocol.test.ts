import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../internal/hash.js';
import { failure } from '../test-support/expect-failure.js';
import { scriptedFetch, type RecordedRequest, type ScriptedResponse } from '../test-support/fake-fetch.js';
import { s3Destination, type S3DestinationOptions } from './s3-destination.js';
import { parseListObjects, s3ErrorCode } from './s3-xml.js';
import { EMPTY_PAYLOAD_HASH } from './sigv4.js';

// What s3rver cannot show: AWS addressing, pagination (s3rver's continuation tokens need DES,
// gone from Node 20's OpenSSL), 412, AWS-namespaced XML. The fake answers from a script.

const NOW = Date.UTC(2024, 0, 2, 3, 4, 5);

function open(script: (request: RecordedRequest) => ScriptedResponse, overrides: Partial<S3DestinationOptions> = {}) {
  const fake = scriptedFetch(script);
  const destination = s3Destination({
    bucket: 'ada-backups',
    prefix: 'laptop/',
    region: 'eu-west-1',
    pathStyle: false,
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'secret-key-never-shown',
    fetch: fake.fetch,
    now: () => NOW,
    ...overrides,
  });
  return { destination, requests: fake.requests };
}

function listPage(keys: readonly string[], next?: string): string {
  const contents = keys.map((key) => `<Contents><Key>${key}</Key><LastModified>2024-01-01T00:00:00.000Z</LastModified><Size>${key.length}</Size></Contents>`);
  const truncated = next === undefined ? '<IsTruncated>false</IsTruncated>' : `<IsTruncated>true</IsTruncated><NextContinuationToken>${next}</NextContinuationToken>`;
  return `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>ada-backups</Name>${truncated}${contents.join('')}</ListBucketResult>`;
}

describe('S3 addressing', () => {
  it.each([
    [{}, 'https://ada-backups.s3.eu-west-1.amazonaws.com/laptop/a%20b/c%2B.age'],
    [{ pathStyle: true }, 'https://s3.eu-west-1.amazonaws.com/ada-backups/laptop/a%20b/c%2B.age'],
    [{ endpoint: 'http://127.0.0.1:9000', pathStyle: true }, 'http://127.0.0.1:9000/ada-backups/laptop/a%20b/c%2B.age'],
    [{ endpoint: 'https://minio.example.com', pathStyle: false }, 'https://ada-backups.minio.example.com/laptop/a%20b/c%2B.age'],
    [{ prefix: '' }, 'https://ada-backups.s3.eu-west-1.amazonaws.com/a%20b/c%2B.age'],
  ])('%j → %s', async (overrides, url) => {
    const { destination, requests } = open(() => ({ status: 404 }), overrides);
    await destination.read('a b/c+.age');
    expect(requests[0]?.url).toBe(url);
  });

  it('signs every request: x-amz-date from the injected clock, the payload hash, the scope', async () => {
    const { destination, requests } = open(() => ({ status: 200 }));
    await destination.create('k.age', new Uint8Array([1, 2, 3]));
    await destination.remove('k.age');
    const [put, del] = requests;
    expect(put?.headers).toMatchObject({ 'x-amz-date': '20240102T030405Z', 'x-amz-content-sha256': sha256Hex(new Uint8Array([1, 2, 3])), 'if-none-match': '*' });
    expect(put?.headers['authorization']).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20240102\/eu-west-1\/s3\/aws4_request, SignedHeaders=content-type;host;if-none-match;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(put?.body).toEqual(new Uint8Array([1, 2, 3]));
    expect(del).toMatchObject({ method: 'DELETE' });
    expect(del?.headers['x-amz-content-sha256']).toBe(EMPTY_PAYLOAD_HASH);
    expect(JSON.stringify(requests)).not.toContain('secret-key-never-shown');
  });

  it('sends a session token as x-amz-security-token', async () => {
    const { destination, requests } = open(() => ({ status: 404 }), { sessionToken: 'session/token+' });
    await destination.read('k');
    expect(requests[0]?.headers['x-amz-security-token']).toBe('session/token+');
  });
});

describe('S3 listing (ListObjectsV2)', () => {
  it('follows continuation tokens, strips the key prefix, skips folder markers and foreign keys', async () => {
    const { destination, requests } = open(({ url }) => {
      const token = new URL(url).searchParams.get('continuation-token');
      if (token === null) return { status: 200, body: listPage(['laptop/t/a.age', 'laptop/t/', 'laptop/t/b.age'], 'tok/1+=') };
      if (token === 'tok/1+=') return { status: 200, body: listPage(['laptop/t/c d.age', 'elsewhere/x', 'laptop/t/..'], 'tok2') };
      return { status: 200, body: listPage(['laptop/t/e.age']) };
    });
    expect(await destination.list('t/')).toEqual([
      { name: 't/a.age', size: 14 },
      { name: 't/b.age', size: 14 },
      { name: 't/c d.age', size: 16 },
      { name: 't/e.age', size: 14 },
    ]);
    const queries = requests.map((request) => new URL(request.url).search);
    expect(queries[0]).toBe('?list-type=2&max-keys=1000&prefix=laptop%2Ft%2F');
    expect(queries[1]).toBe('?list-type=2&max-keys=1000&prefix=laptop%2Ft%2F&continuation-token=tok%2F1%2B%3D');
    expect(requests).toHaveLength(3);
  });

  it.each([
    ['a truncated page without a token', listPage(['laptop/a'], undefined).replace('false', 'true')],
    ['a token that repeats', listPage(['laptop/a'], 'same')],
    ['an IsTruncated that is not a boolean', listPage([]).replace('false', 'maybe')],
    ['a Contents without a Key', listPage([]).replace('</ListBucketResult>', '<Contents><Size>1</Size></Contents></ListBucketResult>')],
    ['something else than a listing', '<Other/>'],
    ['malformed XML', '<ListBucketResult>'],
  ])('refuses %s with ERR_DESTINATION_FAILED', async (_what, body) => {
    let calls = 0;
    const { destination } = open(() => {
      calls += 1;
      return { status: 200, body: calls === 1 ? body : listPage(['laptop/b'], 'same') };
    });
    expect((await failure(destination.list(''))).code).toBe('ERR_DESTINATION_FAILED');
  });

  it('parses the AWS documentation’s ListObjectsV2 answer shape', () => {
    expect(parseListObjects(listPage(['a', 'b'], 'next'))).toEqual({
      objects: [
        { key: 'a', size: 1 },
        { key: 'b', size: 1 },
      ],
      truncated: true,
      nextContinuationToken: 'next',
    });
    expect(parseListObjects('<ListBucketResult><Contents><Key> spaced </Key></Contents></ListBucketResult>')).toEqual({ objects: [{ key: ' spaced ' }], truncated: false });
  });
});

describe('S3 statuses', () => {
  const error = (code: string): string => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>m</Message></Error>`;

  it.each([
    [403, 'AccessDenied', 'ERR_DESTINATION_AUTH'],
    [403, 'SignatureDoesNotMatch', 'ERR_DESTINATION_AUTH'],
    [500, 'InternalError', 'ERR_DESTINATION_FAILED'],
    [503, 'SlowDown', 'ERR_DESTINATION_FAILED'],
    [404, 'NoSuchBucket', 'ERR_DESTINATION_FAILED'],
    [301, 'PermanentRedirect', 'ERR_DESTINATION_FAILED'],
  ])('HTTP %i %s → %s for every operation, status and S3 code in the message', async (status, code, expected) => {
    const { destination } = open(() => ({ status, body: error(code) }));
    for (const call of [() => destination.list(''), () => destination.read('a'), () => destination.create('a', new Uint8Array()), () => destination.remove('a')]) {
      const caught = await failure(call());
      expect(caught.code).toBe(expected);
      expect(caught.message).toContain(`HTTP ${status}`);
      if (status !== 301) expect(caught.message).toContain(code);
    }
  });

  it('412 on create is ERR_DESTINATION_EXISTS; NoSuchKey reads as missing and removes fine', async () => {
    const { destination } = open(({ method }) => (method === 'PUT' ? { status: 412, body: error('PreconditionFailed') } : { status: 404, body: error('NoSuchKey') }));
    expect((await failure(destination.create('a', new Uint8Array([1])))).code).toBe('ERR_DESTINATION_EXISTS');
    expect(await destination.read('a')).toBeUndefined();
    await destination.remove('a');
  });

  it('retries a create without If-None-Match when the server answers 501 Not Implemented', async () => {
    const { destination, requests } = open(({ headers }) => (headers['if-none-match'] === undefined ? { status: 200 } : { status: 501, body: error('NotImplemented') }));
    await destination.create('a', new Uint8Array([1]));
    expect(requests.map((request) => [request.method, request.headers['if-none-match']])).toEqual([
      ['PUT', '*'],
      ['PUT', undefined],
    ]);
  });

  it('reads error codes defensively', () => {
    expect(s3ErrorCode('<Error><Code>NoSuchKey</Code></Error>')).toBe('NoSuchKey');
    expect(s3ErrorCode('not xml')).toBeUndefined();
    expect(s3ErrorCode('<Error><Code>a b</Code></Error>')).toBeUndefined();
    expect(s3ErrorCode('<Other><Code>X</Code></Other>')).toBeUndefined();
  });
});

describe('s3Destination options', () => {
  const { fetch } = scriptedFetch(() => ({ status: 500 }));
  const base = { bucket: 'b-1', prefix: '', region: 'us-east-1', pathStyle: true, accessKeyId: 'a', secretAccessKey: 's', fetch, now: () => NOW };

  it.each([
    { bucket: 'Bad_Bucket' },
    { prefix: 'no-slash' },
    { prefix: 'a//' },
    { prefix: '../' },
    { region: 'EU' },
    { endpoint: 'http://host/path' },
    { endpoint: 'ftp://host' },
    { endpoint: 'nope' },
  ])('refuses %j with ERR_DESTINATION_INVALID', (overrides) => {
    expect(() => s3Destination({ ...base, ...overrides })).toThrow(expect.objectContaining({ code: 'ERR_DESTINATION_INVALID' }) as Error);
  });

  it('refuses impossible page sizes and timeouts as caller mistakes', () => {
    for (const maxKeysPerPage of [0, 1001, 1.5]) expect(() => s3Destination({ ...base, maxKeysPerPage })).toThrow(RangeError);
    for (const timeoutMs of [0, -1, Number.NaN]) expect(() => s3Destination({ ...base, timeoutMs })).toThrow(RangeError);
  });
});
