import { describe, expect, it } from 'vitest';
import { generateBackupIdentity } from './identity.js';
import { listSnapshots, parseSnapshotName } from './layout.js';
import { publishGeneration, type PublishGenerationOptions } from './publish.js';
import { decryptSnapshot } from './snapshot-crypto.js';
import { MemoryDestination } from './test-support/memory-destination.js';
import { nodeRandom, scriptedRandom } from './test-support/node-crypto.js';

const DEVICE = 'device-a';
const key = await generateBackupIdentity('classic');
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function options(destination: MemoryDestination, generation: number, extra: Partial<PublishGenerationOptions> = {}): PublishGenerationOptions {
  return {
    destination,
    deviceId: DEVICE,
    generation,
    plaintext: bytes(`snapshot ${generation}`),
    recipients: [key.recipient],
    identities: [key.identity],
    random: nodeRandom,
    ...extra,
  };
}

async function generations(destination: MemoryDestination): Promise<number[]> {
  return (await listSnapshots(destination, DEVICE)).flatMap((d) => d.snapshots.map((s) => s.generation));
}

describe('publishGeneration (ARCHITECTURE.md §4: write new → read back → decrypt → compare → prune)', () => {
  it('writes a new object that decrypts to the snapshot, and reads it back before reporting success', async () => {
    const destination = new MemoryDestination();
    const result = await publishGeneration(options(destination, 1));
    expect(parseSnapshotName(result.name)).toMatchObject({ deviceId: DEVICE, generation: 1 });
    expect(await decryptSnapshot(destination.objects.get(result.name)!, [key.identity])).toEqual(bytes('snapshot 1'));
    const ops = destination.calls.map((c) => c.op);
    expect(ops.indexOf('read')).toBeGreaterThan(ops.indexOf('create'));
    expect(result).toMatchObject({ removed: [], removeFailures: [] });
  });

  it('keeps the newest `keep` generations of this device and leaves other devices alone', async () => {
    const destination = new MemoryDestination();
    await publishGeneration({ ...options(destination, 1), deviceId: 'device-b' });
    for (let g = 1; g <= 5; g++) await publishGeneration(options(destination, g, { keep: 3 }));
    expect(await generations(destination)).toEqual([5, 4, 3]);
    expect((await listSnapshots(destination, 'device-b'))[0]?.snapshots).toHaveLength(1);
  });

  it('keeps 10 by default', async () => {
    const destination = new MemoryDestination();
    for (let g = 1; g <= 12; g++) await publishGeneration(options(destination, g));
    expect(await generations(destination)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
  });

  it('never prunes the generation it just verified, even when a clone wrote newer ones', async () => {
    const destination = new MemoryDestination();
    for (let g = 50; g <= 52; g++) await publishGeneration(options(destination, g, { keep: 2 }));
    const { name, removed } = await publishGeneration(options(destination, 7, { keep: 2 }));
    expect(destination.objects.has(name)).toBe(true);
    expect(removed).toEqual([]);
    expect(await generations(destination)).toEqual([52, 51, 7]);
  });

  it('never calls create with a name that exists, even on a destination that would silently overwrite', async () => {
    const destination = new MemoryDestination({ overwriteOnCreate: true });
    const suffix = new Uint8Array([1, 2, 3, 4]);
    const first = await publishGeneration(options(destination, 3, { random: scriptedRandom(suffix.slice()) }));
    const original = destination.objects.get(first.name)!.slice();
    // The next publish of the same generation is offered the same random suffix first.
    const second = await publishGeneration(options(destination, 3, { random: scriptedRandom(suffix.slice()), plaintext: bytes('other') }));
    expect(second.name).not.toBe(first.name);
    expect(destination.objects.get(first.name)).toEqual(original);
    expect(destination.calls.filter((c) => c.op === 'create').every((c) => c.existed === false)).toBe(true);
  });

  it('a destination that flips a byte on read: ERR_BACKUP_VERIFY_FAILED, the new object removed, older ones untouched', async () => {
    const destination = new MemoryDestination();
    await publishGeneration(options(destination, 1));
    const before = new Map(destination.objects);
    destination.misbehaviour = { flipOnRead: () => true };
    await expect(publishGeneration(options(destination, 2, { keep: 1 }))).rejects.toMatchObject({ code: 'ERR_BACKUP_VERIFY_FAILED' });
    expect(destination.objects).toEqual(before);
  });

  it('a destination that loses the object: ERR_BACKUP_VERIFY_FAILED, older ones untouched', async () => {
    const destination = new MemoryDestination();
    await publishGeneration(options(destination, 1));
    destination.misbehaviour = { missingOnRead: (name) => name.includes('000000000002') };
    await expect(publishGeneration(options(destination, 2, { keep: 1 }))).rejects.toMatchObject({ code: 'ERR_BACKUP_VERIFY_FAILED' });
    expect(await generations(destination)).toEqual([1]);
  });

  it('a snapshot the given identities cannot open is never published', async () => {
    const destination = new MemoryDestination();
    const stranger = await generateBackupIdentity('classic');
    await expect(publishGeneration(options(destination, 1, { recipients: [stranger.recipient] }))).rejects.toMatchObject({
      code: 'ERR_BACKUP_VERIFY_FAILED',
      cause: { code: 'ERR_BACKUP_KEY_MISMATCH' },
    });
    expect(destination.names()).toEqual([]);
  });

  it('a write failing half-way leaves no half object and older generations intact; the next publish succeeds', async () => {
    const destination = new MemoryDestination();
    await publishGeneration(options(destination, 1));
    const before = new Map(destination.objects);
    destination.misbehaviour = { failMidWrite: () => true };
    await expect(publishGeneration(options(destination, 2, { keep: 1 }))).rejects.toMatchObject({ code: 'ERR_DESTINATION_FAILED' });
    expect(destination.objects).toEqual(before);
    destination.misbehaviour = { failCreate: true };
    await expect(publishGeneration(options(destination, 2, { keep: 1 }))).rejects.toMatchObject({ code: 'ERR_DESTINATION_UNREACHABLE' });
    expect(destination.objects).toEqual(before);
    destination.misbehaviour = {};
    await publishGeneration(options(destination, 2, { keep: 1 }));
    expect(await generations(destination)).toEqual([2]);
  });

  it('does not remove an object it did not write when create reports that the name exists', async () => {
    const destination = new MemoryDestination();
    const suffix = new Uint8Array([9, 9, 9, 9]);
    const theirs = `tessera/devices/${DEVICE}/000000000004-09090909.age`;
    // Listed late: invisible to the name check, refused by create.
    const list = destination.list.bind(destination);
    destination.list = async (prefix) => (await list(prefix)).filter((e) => e.name !== theirs);
    destination.objects.set(theirs, bytes('theirs'));
    await expect(publishGeneration(options(destination, 4, { random: scriptedRandom(suffix) }))).rejects.toMatchObject({
      code: 'ERR_DESTINATION_EXISTS',
    });
    expect(destination.objects.get(theirs)).toEqual(bytes('theirs'));
  });

  it('prune failures are reported, not thrown: the new generation is already safe', async () => {
    const destination = new MemoryDestination();
    await publishGeneration(options(destination, 1));
    await publishGeneration(options(destination, 2));
    destination.misbehaviour = { failRemove: (name) => name.includes('000000000001') };
    const result = await publishGeneration(options(destination, 3, { keep: 1 }));
    expect(result.removed).toHaveLength(1);
    expect(result.removeFailures).toEqual([{ name: expect.stringContaining('000000000001') as string, error: expect.objectContaining({ code: 'ERR_DESTINATION_FAILED' }) as Error }]);
    expect(await generations(destination)).toEqual([3, 1]);
  });

  it('rejects caller mistakes before touching the destination', async () => {
    const destination = new MemoryDestination();
    await expect(publishGeneration(options(destination, 1, { keep: 0 }))).rejects.toThrow(RangeError);
    await expect(publishGeneration(options(destination, -1))).rejects.toThrow(RangeError);
    await expect(publishGeneration({ ...options(destination, 1), deviceId: 'A/B' })).rejects.toThrow(TypeError);
    await expect(publishGeneration(options(destination, 1, { recipients: [] }))).rejects.toThrow(TypeError);
    await expect(publishGeneration(options(destination, 1, { identities: [] }))).rejects.toThrow(TypeError);
    await expect(publishGeneration(options(destination, 1, { identities: [key.recipient] }))).rejects.toThrow(TypeError);
    expect(destination.calls).toEqual([]);
  });
});
