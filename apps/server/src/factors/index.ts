/**
 * Second factors: TOTP, email and SMS one-time codes, Temporary Access Passes, and the user's
 * own methods routes. The public surface of the capability.
 *
 * @module
 */
export { listMethods, removeAllMethods, removeMethod, type MethodKind, type MethodSummary, type RemoveMethodInput, type SignInMethod } from './methods.js';
export { addOobMethod, listSignInMethods, sendOneTimeCode, verifyOneTimeCode, type AddOobMethodInput, type OobMethodRef } from './oob.js';
export { myMethodsRoutes } from './routes.js';
export { issueTap, redeemTap, revokeTap, TAP_ALPHABET, type IssuedTap, type IssueTapInput } from './tap.js';
export { beginTotpEnrollment, confirmTotpEnrollment, freshTotpStep, verifyTotp, type ConfirmTotpInput, type TotpEnrollment, type TotpMethodRow } from './totp.js';
