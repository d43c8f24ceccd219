/**
 * Authenticator devices: registration of a P-256 public key, device-signed tokens, the user's
 * and the admin's routes. The public surface of the capability.
 *
 * @module
 */
export { deviceAdminRoutes } from './admin-routes.js';
export { authenticateDevice, authenticateDeviceDeferred, DEVICE_CLOCK_TOLERANCE_S, hasCanonicalEs256Signature, DEVICE_TOKEN_MAX_LIFETIME_S, DEVICE_TOKEN_TYPE, type AuthenticatedDevice, type DeferredDeviceAuth } from './device-token.js';
export { DEVICE_NAME_MAX, findDevice, hasPushDevice, listDevices, registerDevice, revokeDevice, revokeUserDevices, type ActiveDevice, type DeviceSummary, type RegisterDeviceInput, type RevokeDeviceInput, type RevokedDevices } from './devices.js';
export { devicePublicKeySchema, parseDevicePublicKey, type DeviceJwk, type DevicePublicKey } from './jwk.js';
export { deviceRoutes, REGISTRATION_MAX_AUTH_AGE_MS } from './routes.js';
