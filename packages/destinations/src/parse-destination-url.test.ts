import { isCoreError } from '@tessera/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeDestination, type DestinationConfig } from './destination-config.js';
import { parseDestinationUrl } from './parse-destination-url.js';

const runs = process.env['SLOW'] ? 5000 : 200;

function failure(text: string): { code: string | undefined; message: string } {
  try {
    parseDestinationUrl(text);
  } catch (error) {
    return { code: isCoreError(error) ? error.code : undefined, message: (error as Error).message };
  }
  return { code: undefined, message: '' };
}

const CREDENTIAL_FIELDS = new Set(['username', 'password', 'accessKeyId', 'secretAccessKey', 'sessionToken']);

function withoutCredentials(config: DestinationConfig): DestinationConfig {
  return Object.fromEntries(Object.entries(config).filter(([key]) => !CREDENTIAL_FIELDS.has(key))) as unknown as DestinationConfig;
}

describe('parseDestinationUrl: folders', () => {
  it.each([
    ['/media/usb/tessera', '/media/usb/tessera'],
    ['relative/backups', 'relative/backups'],
    ['./x', './x'],
    ['C:\\Users\\ada\\Backups', 'C:\\Users\\ada\\Backups'],
    ['file:///home/ada/Dropbox/tessera', '/home/ada/Dropbox/tessera'],
    ['file://localhost/srv/backups', '/srv/backups'],
    ['file:///home/ada/My%20Backups/', '/home/ada/My Backups/'],
    ['file:///C:/Backups/tessera', 'C:/Backups/tessera'],
  ])('%s → folder %s', (text, path) => {
    expect(parseDestinationUrl(text)).toEqual({ kind: 'folder', path });
  });

  it.each(['file://server/share', 'file:///a?x=1', 'file:///a#frag'])('refuses %s', (text) => {
    expect(failure(text).code).toBe('ERR_DESTINATION_INVALID');
  });
});

describe('parseDestinationUrl: WebDAV', () => {
  it('maps webdav:// to http and webdavs:// to https, always ending the collection in "/"', () => {
    expect(parseDestinationUrl('webdav://127.0.0.1:8080/dav')).toEqual({ kind: 'webdav', url: 'http://127.0.0.1:8080/dav/' });
    expect(parseDestinationUrl('WEBDAVS://Cloud.Example.com/remote.php/dav/files/ada/')).toEqual({
      kind: 'webdav',
      url: 'https://cloud.example.com/remote.php/dav/files/ada/',
    });
    expect(parseDestinationUrl('webdavs://cloud.example.com')).toEqual({ kind: 'webdav', url: 'https://cloud.example.com/' });
  });

  it('takes percent-encoded credentials from the user-info and keeps them out of the URL', () => {
    expect(parseDestinationUrl('webdavs://ada%40example.com:p%3Ass%20w%C3%B6rd@cloud.example.com/dav/')).toEqual({
      kind: 'webdav',
      url: 'https://cloud.example.com/dav/',
      username: 'ada@example.com',
      password: 'p:ss wörd',
    });
    expect(parseDestinationUrl('webdav://ada@host/')).toEqual({ kind: 'webdav', url: 'http://host/', username: 'ada' });
  });

  it('lets separately given credentials fill in or override the URL’s', () => {
    expect(parseDestinationUrl('webdavs://ada@host/', { password: 'prompted' })).toEqual({ kind: 'webdav', url: 'https://host/', username: 'ada', password: 'prompted' });
    expect(parseDestinationUrl('webdavs://ada:old@host/', { username: 'bob', password: 'new', accessKeyId: 'ignored' })).toEqual({
      kind: 'webdav',
      url: 'https://host/',
      username: 'bob',
      password: 'new',
    });
  });

  it.each(['webdav://', 'webdav:///path', 'webdavs://host/a?b=1', 'webdavs://host/#x', 'webdavs://ho st/', 'webdavs://u:%ZZ@host/'])('refuses %s', (text) => {
    expect(failure(text).code).toBe('ERR_DESTINATION_INVALID');
  });
});

describe('parseDestinationUrl: S3', () => {
  it('reads bucket, prefix and defaults: us-east-1, virtual-hosted on AWS', () => {
    expect(parseDestinationUrl('s3://ada-backups')).toEqual({ kind: 's3', bucket: 'ada-backups', prefix: '', region: 'us-east-1', pathStyle: false });
    expect(parseDestinationUrl('s3://ada-backups/')).toMatchObject({ prefix: '' });
    expect(parseDestinationUrl('s3://ada-backups/laptop/tessera/')).toMatchObject({ prefix: 'laptop/tessera/' });
    expect(parseDestinationUrl('s3://ada-backups/my%20laptop')).toMatchObject({ prefix: 'my laptop/' });
  });

  it('reads endpoint, region and path-style; a custom endpoint defaults to path-style', () => {
    expect(parseDestinationUrl('s3://b-1/p?endpoint=http://127.0.0.1:9000&region=eu-central-1')).toEqual({
      kind: 's3',
      bucket: 'b-1',
      prefix: 'p/',
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-central-1',
      pathStyle: true,
    });
    expect(parseDestinationUrl('s3://b-1?endpoint=https%3A%2F%2Fs3.example.com%2F&path-style=false')).toMatchObject({
      endpoint: 'https://s3.example.com',
      pathStyle: false,
    });
    expect(parseDestinationUrl('s3://my.dotted.bucket')).toMatchObject({ pathStyle: true });
    expect(parseDestinationUrl('s3://b-1?path-style=true')).toMatchObject({ pathStyle: true });
  });

  it('takes keys from the user-info or separately (separate wins), and a session token only separately', () => {
    expect(parseDestinationUrl('s3://AKIDEXAMPLE:wJal%2FrX%2BUt@bucket-1/')).toMatchObject({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJal/rX+Ut' });
    expect(parseDestinationUrl('s3://AKID@bucket-1/', { secretAccessKey: 'from-env', sessionToken: 'tok' })).toMatchObject({
      accessKeyId: 'AKID',
      secretAccessKey: 'from-env',
      sessionToken: 'tok',
    });
    expect(parseDestinationUrl('s3://A:B@bucket-1/', { accessKeyId: 'C', secretAccessKey: 'D', password: 'ignored' })).toEqual({
      kind: 's3',
      bucket: 'bucket-1',
      prefix: '',
      region: 'us-east-1',
      pathStyle: false,
      accessKeyId: 'C',
      secretAccessKey: 'D',
    });
  });

  it.each([
    's3://',
    's3://UpperCase',
    's3://ab',
    's3://-bucket',
    's3://bucket-1/a//b',
    's3://bucket-1/a/../b',
    's3://bucket-1?region=EU',
    's3://bucket-1?regoin=eu-west-1',
    's3://bucket-1?region=a&region=b',
    's3://bucket-1?path-style=yes',
    's3://bucket-1?endpoint=ftp://host',
    's3://bucket-1?endpoint=http://host/path',
    's3://bucket-1?endpoint=http://u:p@host',
    's3://bucket-1?endpoint=not a url',
    's3://bucket-1#frag',
    's3:bucket-1',
  ])('refuses %s', (text) => {
    expect(failure(text).code).toBe('ERR_DESTINATION_INVALID');
  });
});

describe('parseDestinationUrl: anything else', () => {
  it.each(['', 'http://cloud.example.com/dav/', 'ftp://host/', 'sftp://host/x', 'a\u0000b'])('refuses %j', (text) => {
    expect(failure(text).code).toBe('ERR_DESTINATION_INVALID');
  });

  it('never repeats a password in an error message', () => {
    for (const text of ['webdavs://ada:Hunter2Secret@host/a?x=1', 's3://AKID:Hunter2Secret@UPPER/', 'webdavs://ada:Hunter2Secret@ho st/', 'sftp://ada:Hunter2Secret@host/']) {
      const { code, message } = failure(text);
      expect(code).toBe('ERR_DESTINATION_INVALID');
      expect(message).not.toContain('Hunter2Secret');
    }
  });
});

describe('describeDestination', () => {
  it.each([
    ['/media/usb/tessera', '/media/usb/tessera'],
    ['webdavs://ada:pw@cloud.example.com/dav', 'webdavs://cloud.example.com/dav/'],
    ['webdav://u:p@127.0.0.1:8080/', 'webdav://127.0.0.1:8080/'],
    ['s3://AKID:SECRET@bucket-1', 's3://bucket-1/'],
    ['s3://bucket-1/my%20laptop/?region=eu-west-1', 's3://bucket-1/my%20laptop/?region=eu-west-1'],
    ['s3://b.c.d/x?path-style=false', 's3://b.c.d/x/?path-style=false'],
    ['s3://b-1?endpoint=http://127.0.0.1:9000&path-style=false', 's3://b-1/?endpoint=http://127.0.0.1:9000&path-style=false'],
  ])('%s → %s', (text, described) => {
    expect(describeDestination(parseDestinationUrl(text))).toBe(described);
  });

  it('round-trips: parsing the description gives the destination back, minus credentials', () => {
    const segment = fc.stringMatching(/^[a-zA-Z0-9 ._~%é+-]{1,8}$/).filter((s) => s !== '.' && s !== '..' && !/%(?![0-9A-F]{2})/.test(s));
    const s3 = fc.record({
      bucket: fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,10}[a-z0-9]$/),
      prefix: fc.array(segment, { maxLength: 3 }),
      endpoint: fc.option(fc.constantFrom('http://127.0.0.1:9000', 'https://s3.example.com'), { nil: undefined }),
      region: fc.constantFrom('us-east-1', 'eu-west-1'),
      pathStyle: fc.option(fc.boolean(), { nil: undefined }),
    });
    fc.assert(
      fc.property(s3, ({ bucket, prefix, endpoint, region, pathStyle }) => {
        const query = [endpoint && `endpoint=${endpoint}`, `region=${region}`, pathStyle !== undefined && `path-style=${String(pathStyle)}`].filter(Boolean).join('&');
        const text = `s3://KEY:SECRET@${bucket}/${prefix.map(encodeURIComponent).join('/')}?${query}`;
        const config = parseDestinationUrl(text);
        const described = describeDestination(config);
        expect(described).not.toContain('SECRET');
        expect(parseDestinationUrl(described)).toEqual(withoutCredentials(config));
      }),
      { numRuns: runs },
    );
  });
});
