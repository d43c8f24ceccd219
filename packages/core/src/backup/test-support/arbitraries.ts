/**
 * fast-check arbitraries for backup snapshots, built from the vault arbitraries through
 * `createSnapshot`, so every snapshot is one a real device could publish.
 * Test-only: excluded from the build by the package tsconfig.
 *
 * @module
 */
import fc from 'fast-check';
import { arbTimestamp, arbVault } from '../../vault/test-support/arbitraries.js';
import type { Vault } from '../../vault/types.js';
import { createSnapshot } from '../create.js';
import type { Snapshot, SnapshotSource } from '../types.js';

/** A device writing a snapshot: id, name, generation and time. */
export const arbSource: fc.Arbitrary<SnapshotSource> = fc.record({
  deviceId: fc.oneof(fc.uuid({ version: 4 }), fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,15}$/)),
  deviceName: fc.constantFrom('laptop', "Alice's phone", 'büro-pc', '👩‍💻 workstation'),
  generation: fc.nat({ max: 999_999_999_999 }),
  now: arbTimestamp,
});

/** A vault together with a snapshot of it. */
export function arbVaultAndSnapshot(options: { maxAccounts?: number } = {}): fc.Arbitrary<{ vault: Vault; snapshot: Snapshot }> {
  return fc.tuple(arbVault(options), arbSource).map(([vault, source]) => ({ vault, snapshot: createSnapshot(vault, source) }));
}

/** A snapshot of some valid vault. */
export function arbSnapshot(options: { maxAccounts?: number } = {}): fc.Arbitrary<Snapshot> {
  return arbVaultAndSnapshot(options).map(({ snapshot }) => snapshot);
}
