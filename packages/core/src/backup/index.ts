/**
 * Backup snapshots and restore (ARCHITECTURE.md §4), as pure data: the versioned snapshot
 * document and its manifest, the comparison behind `backup verify`, restore planning, applying
 * and reporting, and the rollback and count-drop guards. Encryption, destinations and the
 * publish protocol live in `@tessera/backup`, which builds on these.
 *
 * @module
 */
export { applyRestore, type RestoreChoices, type RestoreResult } from './apply.js';
export { compareSnapshotToVault, type AccountChange, type AccountRef, type SnapshotComparison } from './compare.js';
export { createSnapshot } from './create.js';
export { decodeSnapshot } from './decode.js';
export { accountDifferences, type AccountField, type AccountInContext } from './differences.js';
export { BACKUP_FORMAT, BACKUP_VERSION, isDeviceId, MAX_DEVICE_NAME_LENGTH, MAX_SNAPSHOT_BYTES } from './document.js';
export { encodeSnapshot } from './encode.js';
export { checkCountDrop, checkRollback, SHARP_DROP_MIN_LOST } from './guards.js';
export {
  planRestore,
  RESTORE_CHOICES,
  type RestoreChoice,
  type RestoreConflictItem,
  type RestoreItemBase,
  type RestoreNewItem,
  type RestorePlan,
  type RestorePlanItem,
  type RestorePresentItem,
} from './plan.js';
export { formatRestoreSummary, type RestoreLine, type RestoreLineStatus, type RestoreReport } from './report.js';
export type { Snapshot, SnapshotManifest, SnapshotSource } from './types.js';
