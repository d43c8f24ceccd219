import { describe, expect, it } from 'vitest';
import { fetchSnapshot, type FetchSnapshotOptions } from './fetch.js';
import { generateBackupIdentity } from './identity.js';
import { publishGeneration } from './publish.js';
import { MemoryDestination } from './test-support/memory-destination.js';
import { nodeRandom } from './test-support/node-crypto.js';

const key = await generateBackupIdentity('classic');
const stranger = await generateBackupIdentity('classic');

/** Snapshot plaintext for tests: "<createdAt>|<label>". */
const snapshot = (createdAt: number, label: string): Uint8Array => new TextEncoder().encode(`${createdAt}|${label}`);
const createdAt = (plaintext: Uint8Array): number => Number(new TextDecoder().decode(plaintext).split('|')[0]);
const label = (plaintext: Uint8Array): string | undefined => new TextDecoder().decode(plaintext).split('|')[1];

async function publish(destination: MemoryDestination, deviceId: string, generation: number, time: number, recipient = key.recipient): Promise<string> {
  const plaintext = snapshot(time, `${deviceId}@${generation}`);
  const identities = recipient === key.recipient ? [key.identity] : [stranger.identity];
  return (await publishGeneration({ destination, deviceId, generation, plaintext, recipients: [recipient], identities, random: nodeRandom })).name;
}

function fetch(destination: MemoryDestination, extra: Partial<FetchSnapshotOptions> = {}) {
  return fetchSnapshot({ destination, identities: [key.identity], createdAt, ...extra });
}

describe('fetchSnapshot', () => {
  it('the newest generation of a device', async () => {
    const destination = new MemoryDestination();
    for (let g = 1; g <= 3; g++) await publish(destination, 'a', g, 1000 + g);
    const found = await fetch(destination);
    expect(found).toMatchObject({ deviceId: 'a', generation: 3, createdAt: 1003, skipped: [] });
    expect(label(found.plaintext)).toBe('a@3');
  });

  it('across devices, the latest creation time wins (generations of different devices do not compare)', async () => {
    const destination = new MemoryDestination();
    await publish(destination, 'a', 90, 1000);
    await publish(destination, 'b', 2, 2000);
    expect(label((await fetch(destination)).plaintext)).toBe('b@2');
    expect(label((await fetch(destination, { deviceId: 'a' })).plaintext)).toBe('a@90');
  });

  it('a named generation, of one device or of any', async () => {
    const destination = new MemoryDestination();
    for (let g = 1; g <= 3; g++) await publish(destination, 'a', g, 1000 + g);
    await publish(destination, 'b', 2, 5000);
    expect(label((await fetch(destination, { deviceId: 'a', generation: 2 })).plaintext)).toBe('a@2');
    expect(label((await fetch(destination, { generation: 2 })).plaintext)).toBe('b@2');
    await expect(fetch(destination, { deviceId: 'a', generation: 9 })).rejects.toMatchObject({ code: 'ERR_BACKUP_NOT_FOUND' });
  });

  it('two objects of one generation (clones writing at once): the later creation time wins', async () => {
    const destination = new MemoryDestination();
    await publish(destination, 'a', 4, 3000);
    await publish(destination, 'a', 4, 1000);
    expect((await fetch(destination)).createdAt).toBe(3000);
  });

  it('nothing there is ERR_BACKUP_NOT_FOUND', async () => {
    const destination = new MemoryDestination();
    destination.objects.set('tessera/devices/a/notes.txt', new Uint8Array(1));
    await expect(fetch(destination)).rejects.toMatchObject({ code: 'ERR_BACKUP_NOT_FOUND' });
  });

  it('a damaged newest generation is an error, not a silent step back; olderOnFailure steps back and says so', async () => {
    const destination = new MemoryDestination();
    await publish(destination, 'a', 1, 1000);
    const newest = await publish(destination, 'a', 2, 2000);
    destination.objects.set(newest, destination.objects.get(newest)!.slice(0, -1));
    await expect(fetch(destination)).rejects.toMatchObject({ code: 'ERR_BACKUP_CORRUPT' });
    const found = await fetch(destination, { olderOnFailure: true });
    expect(found.generation).toBe(1);
    expect(found.skipped).toEqual([{ name: newest, error: expect.objectContaining({ code: 'ERR_BACKUP_CORRUPT' }) as Error }]);
  });

  it('a device whose snapshots this key cannot open is passed over and reported', async () => {
    const destination = new MemoryDestination();
    await publish(destination, 'a', 1, 1000);
    const foreign = await publish(destination, 'b', 1, 9000, stranger.recipient);
    const found = await fetch(destination);
    expect(label(found.plaintext)).toBe('a@1');
    expect(found.skipped).toEqual([{ name: foreign, error: expect.objectContaining({ code: 'ERR_BACKUP_KEY_MISMATCH' }) as Error }]);
  });

  it('when nothing opens: ERR_BACKUP_KEY_MISMATCH for a wrong key', async () => {
    const destination = new MemoryDestination();
    await publish(destination, 'a', 1, 1000);
    await expect(fetch(destination, { identities: [stranger.identity] })).rejects.toMatchObject({ code: 'ERR_BACKUP_KEY_MISMATCH' });
  });

  it('rejects caller mistakes', async () => {
    const destination = new MemoryDestination();
    await expect(fetch(destination, { deviceId: 'A' })).rejects.toThrow(TypeError);
    await expect(fetch(destination, { generation: -1 })).rejects.toThrow(RangeError);
  });
});
