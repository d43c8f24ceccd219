import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../internal/hash.js';
import { EMPTY_PAYLOAD_HASH, formatAmzDate, signRequest, uriEncode } from './sigv4.js';

// The examples of "Signature Calculations for the Authorization Header: Transferring Payload in
// a Single Chunk (AWS Signature Version 4)", S3 API reference: bucket examplebucket, region
// us-east-1, 2013-05-24T00:00:00Z, the documentation's example key pair.
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const now = Date.UTC(2013, 4, 24, 0, 0, 0);
const host = 'https://examplebucket.s3.amazonaws.com';
const scope = 'AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request';

function authorization(method: string, path: string, headers: Record<string, string>, payloadHash: string): string {
  return signRequest({ method, url: host + path, headers, payloadHash, region: 'us-east-1', now }, credentials)['authorization'] ?? '';
}

describe('AWS SigV4, S3 single-chunk examples', () => {
  it('Example: GET Object (with a Range header)', () => {
    expect(authorization('GET', '/test.txt', { Range: 'bytes=0-9' }, EMPTY_PAYLOAD_HASH)).toBe(
      `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ` +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('Example: PUT Object (key test$file.text, signed payload and storage class)', () => {
    const payloadHash = sha256Hex('Welcome to Amazon S3.');
    expect(payloadHash).toBe('44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072');
    const headers = { Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' };
    expect(authorization('PUT', `/${uriEncode('test$file.text')}`, headers, payloadHash)).toBe(
      `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, ` +
        'Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
    );
  });

  it('Example: GET Bucket Lifecycle (a query parameter without a value)', () => {
    expect(authorization('GET', '/?lifecycle', {}, EMPTY_PAYLOAD_HASH)).toBe(
      `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, ` +
        'Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543',
    );
  });

  it('Example: Get Bucket (List Objects), query sorted whatever order it is sent in', () => {
    const expected = 'Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7';
    expect(authorization('GET', '/?max-keys=2&prefix=J', {}, EMPTY_PAYLOAD_HASH)).toContain(expected);
    expect(authorization('GET', '/?prefix=J&max-keys=2', {}, EMPTY_PAYLOAD_HASH)).toContain(expected);
  });
});

describe('SigV4 details', () => {
  it('formats the request time as ISO 8601 basic format, UTC, whole seconds', () => {
    expect(formatAmzDate(Date.UTC(2013, 4, 24))).toBe('20130524T000000Z');
    expect(formatAmzDate(Date.UTC(2031, 11, 31, 23, 59, 59, 999))).toBe('20311231T235959Z');
    expect(() => formatAmzDate(Number.NaN)).toThrow(RangeError);
  });

  it("URI-encodes like S3: everything but unreserved characters, upper-case hex, '/' only in paths", () => {
    expect(uriEncode("a b!'()*~._-é/")).toBe('a%20b%21%27%28%29%2A~._-%C3%A9%2F');
    expect(uriEncode('dir/a b', true)).toBe('dir/a%20b');
  });

  it('signs and sends a session token, and the signature depends on every signed input', () => {
    const base = { method: 'GET', url: `${host}/k`, headers: {}, payloadHash: EMPTY_PAYLOAD_HASH, region: 'us-east-1', now };
    const plain = signRequest(base, credentials);
    const withToken = signRequest(base, { ...credentials, sessionToken: 'token/+=' });
    expect(withToken['x-amz-security-token']).toBe('token/+=');
    expect(withToken['authorization']).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,');
    const signatures = new Set(
      [
        plain,
        withToken,
        signRequest({ ...base, url: `${host}/k2` }, credentials),
        signRequest({ ...base, url: `${host}/k?x=1` }, credentials),
        signRequest({ ...base, method: 'PUT' }, credentials),
        signRequest({ ...base, region: 'eu-west-1' }, credentials),
        signRequest({ ...base, now: now + 1000 }, credentials),
        signRequest({ ...base, payloadHash: sha256Hex('x') }, credentials),
        signRequest({ ...base, headers: { 'if-none-match': '*' } }, credentials),
        signRequest(base, { ...credentials, secretAccessKey: 'other' }),
      ].map((headers) => headers['authorization']),
    );
    expect(signatures.size).toBe(10);
  });

  it('canonicalises header values (trimmed, inner runs of spaces collapsed) and names (lower case)', () => {
    const base = { method: 'GET', url: `${host}/k`, payloadHash: EMPTY_PAYLOAD_HASH, region: 'us-east-1', now };
    const a = signRequest({ ...base, headers: { 'X-Amz-Meta-Note': '  a   b ' } }, credentials);
    const b = signRequest({ ...base, headers: { 'x-amz-meta-note': 'a b' } }, credentials);
    expect(a['authorization']).toBe(b['authorization']);
    expect(a['x-amz-meta-note']).toBe('  a   b ');
  });
});
