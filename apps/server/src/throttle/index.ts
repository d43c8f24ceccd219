/**
 * Sign-in throttling per account: growing back-off, a hard lock at 100 consecutive failures.
 *
 * @module
 */
export { assertNotThrottled, assertStateAllows, backoffMs, BASE_BACKOFF_MS, FREE_FAILURES, LOCK_FAILURES, MAX_BACKOFF_MS, recordFailure, recordSuccess, stateOfRow, throttleState, unlockSubject, type ThrottleState } from './throttle.js';
