import { isCoreError } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { failure } from '../test-support/expect-failure.js';
import { scriptedFetch, type RecordedRequest, type ScriptedResponse } from '../test-support/fake-fetch.js';
import { basicAuthorization } from './basic-auth.js';
import { parseMultistatus } from './multistatus.js';
import { webdavDestination } from './webdav-destination.js';

// Protocol details the rclone tests cannot reach: other servers' XML dialects, statuses rclone
// never sends (412, 409, 405, 3xx, 5xx). The fake answers from a script and records requests.

const BASE = 'https://dav.example.com/remote.php/dav/files/ada/';

function open(script: (request: RecordedRequest) => ScriptedResponse) {
  const fake = scriptedFetch(script);
  return { destination: webdavDestination({ url: BASE, username: 'ada', password: 'pw', fetch: fake.fetch }), requests: fake.requests };
}

/** A multistatus answer: [href, collection?, size?] per response, in the given namespace style. */
function multistatus(entries: readonly [string, boolean, number?][], style: 'D' | 'd' | 'default' = 'D'): string {
  const p = style === 'default' ? '' : `${style}:`;
  const ns = style === 'default' ? 'xmlns="DAV:"' : `xmlns:${style}="DAV:"`;
  const responses = entries.map(
    ([href, collection, size]) =>
      `<${p}response><${p}href>${href}</${p}href><${p}propstat><${p}prop>` +
      `<${p}resourcetype>${collection ? `<${p}collection/>` : ''}</${p}resourcetype>` +
      (size === undefined ? '' : `<${p}getcontentlength>${size}</${p}getcontentlength>`) +
      `</${p}prop><${p}status>HTTP/1.1 200 OK</${p}status></${p}propstat></${p}response>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?><${p}multistatus ${ns}>${responses.join('')}</${p}multistatus>`;
}

describe('WebDAV multistatus parsing', () => {
  it('reads Nextcloud-style d: prefixes, absolute-path hrefs and percent-encoding', () => {
    const xml = multistatus([['/remote.php/dav/files/ada/', true], ['/remote.php/dav/files/ada/My%20Files/', true], ['/remote.php/dav/files/ada/a%C3%BC%2B.age', false, 12]], 'd');
    expect(parseMultistatus(xml, BASE)).toEqual([
      { segments: ['remote.php', 'dav', 'files', 'ada'], collection: true },
      { segments: ['remote.php', 'dav', 'files', 'ada', 'My Files'], collection: true },
      { segments: ['remote.php', 'dav', 'files', 'ada', 'aü+.age'], collection: false, size: 12 },
    ]);
  });

  it('reads hrefs that are absolute URLs (even of another host: only the path counts) and a default namespace', () => {
    const xml = multistatus([['http://internal:8080/remote.php/dav/files/ada/x.age', false, 3]], 'default');
    expect(parseMultistatus(xml, BASE)).toEqual([{ segments: ['remote.php', 'dav', 'files', 'ada', 'x.age'], collection: false, size: 3 }]);
  });

  it('uses the 200 propstat, skips responses with none, ignores a bad getcontentlength', () => {
    const xml =
      '<D:multistatus xmlns:D="DAV:">' +
      '<D:response><D:href>/a</D:href><D:propstat><D:prop><D:getcontentlength/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>' +
      '<D:propstat><D:prop><D:resourcetype/><D:getcontentlength>x1</D:getcontentlength></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>' +
      '<D:response><D:href>/b</D:href><D:status>HTTP/1.1 403 Forbidden</D:status></D:response>' +
      '</D:multistatus>';
    expect(parseMultistatus(xml, BASE)).toEqual([{ segments: ['a'], collection: false }]);
  });

  it.each([
    ['a document that is not a multistatus', '<D:prop xmlns:D="DAV:"/>'],
    ['a multistatus in another namespace', '<multistatus xmlns="urn:not-dav"/>'],
    ['a response without href', '<D:multistatus xmlns:D="DAV:"><D:response/></D:multistatus>'],
    ['an href that is not UTF-8', multistatus([['/a%FF', false]])],
    ['malformed XML', '<D:multistatus xmlns:D="DAV:"><D:response>'],
  ])('refuses %s with ERR_DESTINATION_FAILED', (_what, xml) => {
    expect(() => parseMultistatus(xml, BASE)).toThrow(expect.objectContaining({ code: 'ERR_DESTINATION_FAILED' }) as Error);
  });
});

describe('WebDAV requests', () => {
  it('lists with PROPFIND Depth 1, walking only into collections that can hold matches', async () => {
    const { destination, requests } = open(({ url }) => {
      const path = new URL(url).pathname;
      if (path === '/remote.php/dav/files/ada/tessera/') {
        return { status: 207, body: multistatus([[path, true], [`${path}devices/`, true], [`${path}keyring.age`, false, 10], [`${path}other/`, true]]) };
      }
      if (path === '/remote.php/dav/files/ada/tessera/devices/') return { status: 207, body: multistatus([[path, true], [`${path}d1.age`, false, 5]]) };
      return { status: 500 };
    });
    expect(await destination.list('tessera/de')).toEqual([{ name: 'tessera/devices/d1.age', size: 5 }]);
    expect(requests.map((r) => [r.method, new URL(r.url).pathname, r.headers['depth']])).toEqual([
      ['PROPFIND', '/remote.php/dav/files/ada/tessera/', '1'],
      ['PROPFIND', '/remote.php/dav/files/ada/tessera/devices/', '1'],
    ]);
    expect(requests.every((r) => r.redirect === 'manual' && r.hasSignal)).toBe(true);
    expect(requests[0]?.headers['authorization']).toBe(basicAuthorization('ada', 'pw'));
  });

  it('lists a missing collection as empty and skips names no destination could use', async () => {
    const { destination } = open(({ url }) =>
      url.endsWith('/ada/') ? { status: 207, body: multistatus([['/remote.php/dav/files/ada/', true], ['/remote.php/dav/files/ada/back%5Cslash', false]]) } : { status: 404 },
    );
    expect(await destination.list('missing/')).toEqual([]);
    expect(await destination.list('')).toEqual([]);
  });

  it('refuses a listing that names resources outside the collection asked about', async () => {
    const { destination } = open(() => ({ status: 207, body: multistatus([['/elsewhere/x.age', false]]) }));
    expect((await failure(destination.list(''))).code).toBe('ERR_DESTINATION_FAILED');
  });

  it('creates with PUT If-None-Match: * and reports 412 as ERR_DESTINATION_EXISTS', async () => {
    const { destination, requests } = open(() => ({ status: 412 }));
    expect((await failure(destination.create('a b/c.age', new Uint8Array([1, 2])))).code).toBe('ERR_DESTINATION_EXISTS');
    expect(requests[0]).toMatchObject({ method: 'PUT', url: `${BASE}a%20b/c.age`, body: new Uint8Array([1, 2]) });
    expect(requests[0]?.headers['if-none-match']).toBe('*');
  });

  it('makes missing parents bottom-up with MKCOL on 409, accepting 405 for ones that exist, then PUTs again', async () => {
    const made = new Set(['/remote.php/dav/files/ada/']);
    const { destination, requests } = open(({ method, url }) => {
      const path = new URL(url).pathname;
      const parent = path.replace(/[^/]+\/?$/, '');
      if (method === 'PUT') return { status: made.has(parent) ? 201 : 409 };
      if (made.has(path)) return { status: 405 };
      if (!made.has(parent)) return { status: 409 };
      made.add(path);
      return { status: 201 };
    });
    await destination.create('x/y/z.age', new Uint8Array([1]));
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname.replace('/remote.php/dav/files/ada', '')}`)).toEqual([
      'PUT /x/y/z.age',
      'MKCOL /x/y/',
      'MKCOL /x/',
      'MKCOL /x/y/',
      'PUT /x/y/z.age',
    ]);
  });

  it.each([
    [500, 'ERR_DESTINATION_FAILED', 'HTTP 500'],
    [507, 'ERR_DESTINATION_FAILED', 'HTTP 507'],
    [401, 'ERR_DESTINATION_AUTH', 'HTTP 401'],
    [403, 'ERR_DESTINATION_AUTH', 'HTTP 403'],
    [301, 'ERR_DESTINATION_FAILED', 'redirected'],
  ])('maps status %i to %s, with the status in the message', async (status, code, text) => {
    const { destination } = open(() => ({ status }));
    for (const call of [() => destination.list(''), () => destination.read('a'), () => destination.create('a', new Uint8Array()), () => destination.remove('a')]) {
      const error = await failure(call());
      expect(isCoreError(error) && error.code).toBe(code);
      expect(error.message).toContain(text);
      expect(error.message).not.toContain('pw');
    }
  });

  it('reads 404 and 410 as missing, and removing a missing object is fine', async () => {
    for (const status of [404, 410]) {
      const { destination } = open(() => ({ status }));
      expect(await destination.read('a')).toBeUndefined();
      await destination.remove('a');
    }
  });

  it('refuses a listing that is not UTF-8', async () => {
    const { destination } = open(() => ({ status: 207, body: new Uint8Array([0x3c, 0xff, 0x3e]) }));
    expect((await failure(destination.list(''))).code).toBe('ERR_DESTINATION_FAILED');
  });
});

describe('webdavDestination options', () => {
  const { fetch } = scriptedFetch(() => ({ status: 500 }));

  it.each(['ftp://host/', 'not a url', 'https://u:p@host/', 'https://host/?q=1'])('refuses the URL %j with ERR_DESTINATION_INVALID', (url) => {
    expect(() => webdavDestination({ url, fetch })).toThrow(expect.objectContaining({ code: 'ERR_DESTINATION_INVALID' }) as Error);
  });

  it('refuses a user name with ":" and a non-positive timeout', () => {
    expect(() => webdavDestination({ url: BASE, username: 'a:b', fetch })).toThrow(expect.objectContaining({ code: 'ERR_DESTINATION_INVALID' }) as Error);
    expect(() => webdavDestination({ url: BASE, fetch, timeoutMs: 0 })).toThrow(RangeError);
  });

  it('encodes Basic credentials as UTF-8 (RFC 7617)', () => {
    expect(basicAuthorization('Aladdin', 'open sesame')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    expect(basicAuthorization('ada', 'pä:ss')).toBe(`Basic ${Buffer.from('ada:pä:ss', 'utf8').toString('base64')}`);
  });
});
