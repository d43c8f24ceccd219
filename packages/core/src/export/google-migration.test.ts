import { describe, expect, it } from 'vitest';
import { decodeBase32, encodeBase32 } from '../encoding/base32.js';
import { vaultWith } from '../vault/test-support/build.js';
import { exportGoogleMigration } from './google-migration.js';
import { migrationPayload, readMessage, type Fields } from './test-support/protobuf-reader.js';
import { sampleVault } from './test-support/sample-vault.js';

const text = (value: bigint | Uint8Array | undefined): string => new TextDecoder().decode(value as Uint8Array);
const one = (fields: Fields, field: number): bigint | Uint8Array | undefined => fields.get(field)?.[0];

describe('Google Authenticator migration export (formats.md §3)', () => {
  it('writes the scito example export byte for byte', () => {
    const secret = encodeBase32(Uint8Array.from(Buffer.from('faa505e933a0d12e90beea96c8c10836', 'hex')));
    const vault = vaultWith([['raspberrypi', 'pi@raspberrypi']], () => ({ type: 'totp', secret, algorithm: 'SHA1', digits: 6, period: 30 }));
    const { output, skipped } = exportGoogleMigration(vault, { batchId: -1320898453 });
    expect(skipped).toEqual([]);
    expect(output).toEqual([
      'otpauth-migration://offline?data=CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACjr4JKK%2B%2F%2F%2F%2F%2F8B',
    ]);
  });

  it('writes TOTP/HOTP in order and reports what Google Authenticator cannot hold', () => {
    const vault = sampleVault();
    const { output, skipped } = exportGoogleMigration(vault, { batchId: 7 });
    expect(skipped.map((s) => s.account.label)).toEqual(['gamer', 'seven digits', 'minute', 'carol']);
    expect(skipped[0]?.reason).toMatch(/Steam/);
    expect(skipped[1]?.reason).toMatch(/6- or 8-digit/);
    expect(skipped[2]?.reason).toMatch(/30-second/);
    expect(output).toHaveLength(1);
    const payload = migrationPayload(output[0] ?? '');
    const entries = (payload.get(1) ?? []).map((bytes) => readMessage(bytes as Uint8Array));
    expect(entries.map((e) => text(one(e, 2)))).toEqual(['alice@example.com', 'bob smith', 'hotp demo', 'team:alice', '名前 & <b>']);
    const [github, bigCorp, hotp] = entries;
    expect(encodeBase32(one(github!, 1) as Uint8Array)).toBe('JBSWY3DPEHPK3PXP');
    expect([one(github!, 4), one(github!, 5), one(github!, 6)]).toEqual([1n, 1n, 2n]);
    expect([one(bigCorp!, 4), one(bigCorp!, 5), text(one(bigCorp!, 3))]).toEqual([2n, 2n, 'Big Corp']);
    expect([one(hotp!, 4), one(hotp!, 6), one(hotp!, 7)]).toEqual([3n, 1n, 4n]);
    expect(one(hotp!, 1)).toEqual(decodeBase32('7KSQL2JTUDIS5EF65KLMRQIIGY'));
    expect([one(payload, 2), one(payload, 3), one(payload, 4), one(payload, 5)]).toEqual([1n, 1n, 0n, 7n]);
  });

  it('batches accounts so each QR code stays small, with size, index and id set', () => {
    const names = Array.from({ length: 23 }, (_, i) => ['Svc', `user${String(i)}`] as const);
    const { output } = exportGoogleMigration(vaultWith(names), { batchId: -5, accountsPerCode: 10 });
    expect(output).toHaveLength(3);
    output.forEach((uri, index) => {
      const payload = migrationPayload(uri);
      expect(payload.get(1)).toHaveLength(index < 2 ? 10 : 3);
      expect([one(payload, 3), one(payload, 4), one(payload, 5)]).toEqual([3n, BigInt(index), -5n]);
    });
  });

  it('writes no payload for an empty vault and refuses bad options', () => {
    expect(exportGoogleMigration(vaultWith([]), { batchId: 1 }).output).toEqual([]);
    expect(() => exportGoogleMigration(vaultWith([]), { batchId: 2 ** 31 })).toThrow(RangeError);
    expect(() => exportGoogleMigration(vaultWith([]), { batchId: 1, accountsPerCode: 0 })).toThrow(RangeError);
  });
});
