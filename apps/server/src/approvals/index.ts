/**
 * Push approval with number matching: send a push for one sign-in, wait for the device's
 * answer, spend it once; the device endpoints and the sign-in page's wait endpoint. The public
 * surface of the capability.
 *
 * @module
 */
export { hasPushDevice } from '../devices/devices.js';
export { approvalChannel, deviceChannel, userChannel } from './channels.js';
export { createApproval, type CreateApprovalInput, type CreatedApproval } from './create.js';
export { decideApproval, type DecideApprovalInput } from './decide.js';
export { isPushLocked, lockPush, unlockPush } from './lock.js';
export { approvalForDevice, listPendingApprovals, type PendingApproval, type ResolvedApproval } from './pending.js';
export { DEFAULT_PUSH_POLICY, getPushPolicy, PUSH_HARD_LIMITS, type PushPolicy } from './policy.js';
export { APPROVAL_PROOF_TYPE, verifyApprovalProof, type ApprovalDecision, type ApprovalProofClaims } from './proof.js';
export { approvalRoutes, MAX_WAIT_SECONDS } from './routes.js';
export { HEARTBEAT_MS, streamApprovals } from './stream.js';
export { awaitApproval, consumeApproval, MAX_AWAIT_MS, outcomeOf, type ApprovalOutcome, type AwaitApprovalInput } from './wait.js';
