/**
 * Tenants: names, domains and policy.
 *
 * @module
 */
export { normaliseDomain, normaliseDomains } from './domains.js';
export { assertPolicyConsistent, DEFAULT_POLICY, getTenantPolicy, parsePolicy, PUSH_HARD_LIMITS, setTenantPolicy, TAP_HARD_LIMITS, tenantPolicySchema, type PushPolicy, type TapPolicy, type TenantPolicy } from './policy.js';
export { anyTenantExists, createTenant, getTenant, inTransaction, updateTenant, type Tenant } from './tenants.js';
