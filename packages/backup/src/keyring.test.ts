import { describe, expect, it } from 'vitest';
import { generateBackupIdentity, recipientOf } from './identity.js';
import {
  createKeyring,
  currentIdentity,
  currentRecipient,
  decodeKeyring,
  encodeKeyring,
  KEYRING_HEADER,
  MAX_KEYRING_IDENTITIES,
  rotateKeyring,
  type Keyring,
} from './keyring.js';

const NOW = Date.UTC(2026, 0, 31, 9, 0, 0);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const decodeText = (s: string): Keyring => decodeKeyring(text(s));
const { identity } = await generateBackupIdentity('classic');

describe('keyring document (an age identity file)', () => {
  it('encodes as an age identity file: header, creation time, current identity first', async () => {
    const keyring = await rotateKeyring(await createKeyring({ kind: 'classic', now: NOW }), 'hybrid');
    const lines = new TextDecoder().decode(encodeKeyring(keyring)).split('\n');
    expect(lines[0]).toBe(KEYRING_HEADER);
    expect(lines[1]).toBe('# created: 2026-01-31T09:00:00.000Z');
    const identities = lines.filter((l) => l !== '' && !l.startsWith('#'));
    expect(identities).toEqual(keyring.identities);
    expect(identities[0]).toMatch(/^AGE-SECRET-KEY-PQ-1/);
    expect(identities[1]).toMatch(/^AGE-SECRET-KEY-1/);
    expect(decodeKeyring(encodeKeyring(keyring))).toEqual(keyring);
  });

  it('rotation adds a new current identity and keeps the old ones after it', async () => {
    const first = await createKeyring({ now: NOW });
    const second = await rotateKeyring(first);
    expect(second.identities).toHaveLength(2);
    expect(second.identities[1]).toBe(currentIdentity(first));
    expect(currentIdentity(second)).not.toBe(currentIdentity(first));
    expect(await currentRecipient(second)).toBe(await recipientOf(currentIdentity(second)));
    expect(second.createdAt).toBe(first.createdAt);
  });

  it('refuses to grow beyond the identity limit', async () => {
    const many = { createdAt: NOW, identities: Array.from({ length: MAX_KEYRING_IDENTITIES }, (_, i) => (i === 0 ? identity : `${i}`)) };
    await expect(rotateKeyring(many)).rejects.toThrow(RangeError);
  });

  describe('decoding is strict (ERR_KEYRING_CORRUPT)', () => {
    const good = `${KEYRING_HEADER}\n# created: 2026-01-31T09:00:00.000Z\n${identity}\n`;

    it('accepts the canonical form and ignores other comments', () => {
      expect(decodeText(good)).toEqual({ createdAt: NOW, identities: [identity] });
      expect(decodeText(good.replace('\nAGE', '\n# a note\nAGE')).identities).toEqual([identity]);
    });

    it.each([
      ['not UTF-8', new Uint8Array([0x23, 0xff, 0x0a])],
      ['empty', text('')],
      ['no final line break', text(good.slice(0, -1))],
      ['no header', text(good.replace(`${KEYRING_HEADER}\n`, ''))],
      ['another version', text(good.replace('v1', 'v2'))],
      ['no creation time', text(good.replace('# created: 2026-01-31T09:00:00.000Z\n', ''))],
      ['a malformed creation time', text(good.replace('2026-01-31T09:00:00.000Z', '2026-01-31'))],
      ['an impossible date', text(good.replace('2026-01-31', '2026-02-31'))],
      ['no identity', text(`${KEYRING_HEADER}\n# created: 2026-01-31T09:00:00.000Z\n`)],
      ['a blank line', text(`${good}\n`)],
      ['CRLF line ends', text(good.replaceAll('\n', '\r\n'))],
      ['a lower-case identity', text(good.replace(identity, identity.toLowerCase()))],
      ['a damaged identity', text(good.replace(identity, identity.slice(0, -1) + (identity.endsWith('Q') ? 'P' : 'Q')))],
      ['a recipient instead', text(good.replace(identity, 'age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq6f4gqp'))],
      ['the same identity twice', text(`${good}${identity}\n`)],
      ['too many identities', text(good + `${identity}\n`.repeat(MAX_KEYRING_IDENTITIES))],
    ])('refuses %s', (_name, bytes) => {
      expect(() => decodeKeyring(bytes)).toThrow(expect.objectContaining({ code: 'ERR_KEYRING_CORRUPT' }));
    });
  });

  it('rejects caller mistakes', async () => {
    await expect(createKeyring({ now: Number.NaN })).rejects.toThrow(RangeError);
    expect(() => encodeKeyring({ createdAt: NOW, identities: [] })).toThrow(TypeError);
    expect(() => encodeKeyring({ createdAt: NOW, identities: ['AGE-SECRET-KEY-1'] })).toThrow(TypeError);
    expect(() => currentIdentity({ createdAt: NOW, identities: [] })).toThrow(TypeError);
  });
});
