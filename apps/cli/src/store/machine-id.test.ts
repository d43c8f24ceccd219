import { describe, expect, it } from 'vitest';
import { machineFingerprint, readMachineId } from './machine-id.js';

describe('machine id', () => {
  it('reads a non-empty id from this machine', async () => {
    expect((await readMachineId()).length).toBeGreaterThan(0);
  });

  it('stores a keyed hash, never the raw id', () => {
    const raw = '3d1219c7c4c5404aaa1f6d2a48adfda4';
    const fingerprint = machineFingerprint(raw);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint).not.toContain(raw);
    expect(machineFingerprint(raw)).toBe(fingerprint);
    expect(machineFingerprint('another-machine')).not.toBe(fingerprint);
  });
});
