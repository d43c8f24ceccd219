import { describe, expect, it } from 'vitest';
import {
  isValidDeviceId,
  keyringName,
  latestKeyringName,
  listSnapshots,
  parseKeyringName,
  parseSnapshotName,
  snapshotName,
} from './layout.js';
import { MemoryDestination } from './test-support/memory-destination.js';
import { nodeRandom } from './test-support/node-crypto.js';

const DEVICE = '3f2c9a4e-8d1b-4c57-9a0e-6b7d5c4e3f21';
const fixed = (...bytes: number[]) => () => new Uint8Array(bytes);

describe('names in a destination', () => {
  it('snapshot names: device, 12-digit generation, 8 random hex digits', () => {
    const name = snapshotName(DEVICE, 7, fixed(0x0b, 0x41, 0xd9, 0xe7));
    expect(name).toBe(`tessera/devices/${DEVICE}/000000000007-0b41d9e7.age`);
    expect(parseSnapshotName(name)).toEqual({ name, deviceId: DEVICE, generation: 7 });
    expect(snapshotName('ab', 999_999_999_999, nodeRandom)).toMatch(/^tessera\/devices\/ab\/999999999999-[0-9a-f]{8}\.age$/);
  });

  it('keyring names: 6-digit sequence, 8 random hex digits', () => {
    const name = keyringName(2, fixed(0x9f, 0x3a, 0x06, 0xc2));
    expect(name).toBe('tessera/keyring/000002-9f3a06c2.age');
    expect(parseKeyringName(name)).toEqual({ name, seq: 2 });
  });

  it('two names for the same generation differ (two clones of one device never collide)', () => {
    // 1000 different draws that vary every one of the four bytes: 1000 draws of nodeRandom repeat one about once in 8,600 runs.
    const draws = Array.from({ length: 1000 }, (_, i) => (i * 4_000_037) >>> 0);
    const names = new Set(draws.map((n) => snapshotName(DEVICE, 1, fixed(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff))));
    expect(names.size).toBe(1000);
  });

  it.each([
    'tessera/devices/ab/7-0b41d9e7.age',
    'tessera/devices/ab/000000000007-0B41D9E7.age',
    'tessera/devices/ab/000000000007-0b41d9e7.age.tmp',
    'tessera/devices/AB/000000000007-0b41d9e7.age',
    'tessera/devices/ab/x/000000000007-0b41d9e7.age',
    'tessera/devices//000000000007-0b41d9e7.age',
    'tessera/devices/../000000000007-0b41d9e7.age',
    'tessera/keyring/000002-9f3a06c2.age',
    'other/devices/ab/000000000007-0b41d9e7.age',
  ])('%s is not a snapshot name', (name) => {
    expect(parseSnapshotName(name)).toBeUndefined();
  });

  it.each(['tessera/keyring.age', 'tessera/keyring/2-9f3a06c2.age', 'tessera/keyring/000002-9f3a06c.age', 'tessera/keyring/000002-9f3a06c2.age.part'])(
    '%s is not a keyring name',
    (name) => {
      expect(parseKeyringName(name)).toBeUndefined();
    },
  );

  it('device ids: lower-case letters, digits and dashes, 1-64, not starting with a dash', () => {
    expect(isValidDeviceId(DEVICE)).toBe(true);
    expect(isValidDeviceId('a'.repeat(64))).toBe(true);
    for (const bad of ['', '-a', 'A', 'a/b', '..', 'a'.repeat(65), 'é']) expect(isValidDeviceId(bad), bad).toBe(false);
    expect(() => snapshotName('A', 1, nodeRandom)).toThrow(TypeError);
    expect(() => snapshotName('a', -1, nodeRandom)).toThrow(RangeError);
    expect(() => snapshotName('a', 1e12, nodeRandom)).toThrow(RangeError);
    expect(() => snapshotName('a', 1, () => new Uint8Array(2))).toThrow(TypeError);
    expect(() => keyringName(1_000_000, nodeRandom)).toThrow(RangeError);
  });

  it('the newest keyring: highest sequence, then the name (every reader agrees)', () => {
    expect(latestKeyringName([])).toBeUndefined();
    expect(
      latestKeyringName([
        'tessera/keyring/000009-00000000.age',
        'tessera/keyring/000010-00000001.age',
        'tessera/keyring/000010-ffffffff.age',
        'tessera/keyring/999999.age',
        'tessera/keyring.age',
      ]),
    ).toBe('tessera/keyring/000010-ffffffff.age');
  });

  it('listSnapshots groups by device, newest first, and ignores foreign objects', async () => {
    const destination = new MemoryDestination();
    const put = (name: string) => destination.objects.set(name, new Uint8Array(1));
    put('tessera/devices/b/000000000002-00000000.age');
    put('tessera/devices/a/000000000009-00000000.age');
    put('tessera/devices/a/000000000010-00000000.age');
    put('tessera/devices/a/000000000010-10000000.age');
    put('tessera/devices/a/000000000011-00000000.age.partial');
    put('tessera/devices/a/notes.txt');
    put('tessera/keyring/000001-00000000.age');
    const all = await listSnapshots(destination);
    expect(all.map((d) => [d.deviceId, d.snapshots.map((s) => s.name.split('/').at(-1))])).toEqual([
      ['a', ['000000000010-10000000.age', '000000000010-00000000.age', '000000000009-00000000.age']],
      ['b', ['000000000002-00000000.age']],
    ]);
    expect((await listSnapshots(destination, 'b')).map((d) => d.deviceId)).toEqual(['b']);
    expect(destination.calls.at(-1)).toEqual({ op: 'list', name: 'tessera/devices/b/' });
    await expect(listSnapshots(destination, '../x')).rejects.toThrow(TypeError);
  });
});
