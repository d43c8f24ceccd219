/**
 * Step-up re-authentication: prove a second factor again within a signed-in session.
 *
 * @module
 */
export { stepUpRoutes } from './routes.js';
export { stepUp, type StepUpInput, type StepUpResult } from './step-up.js';
