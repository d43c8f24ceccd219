/**
 * Guests across organisations and cross-tenant trust: the public surface of the capability.
 *
 * @module
 */
export { guestAdminRoutes } from './admin-routes.js';
export { findGuest, findGuestOf, inviteGuest, listGuests, NOT_INVITABLE, removeGuest, type GuestJson, type GuestLink } from './guests.js';
export { getTrust, setTrust, tenantOfDomain, trustsHomeMfa, type CrossTenantTrust } from './trust.js';
