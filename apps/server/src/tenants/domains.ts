/**
 * Tenant domains: sign-in finds a user's tenant from the domain of their email address, so a
 * domain belongs to at most one tenant (the `tenant_domains` primary key enforces it) and is
 * stored in one canonical form (lower case, no trailing dot).
 *
 * @module
 */
import { ServerError } from '../errors.js';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The canonical form of `domain`, or `ERR_VALIDATION` when it is not a DNS name with a dot. */
export function normaliseDomain(domain: string): string {
  const canonical = domain.trim().toLowerCase().replace(/\.$/, '');
  const labels = canonical.split('.');
  if (canonical.length > 253 || labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
    throw new ServerError('ERR_VALIDATION', 'a domain must be a DNS name such as example.org');
  }
  return canonical;
}

/** Canonical, de-duplicated domains; at least one. */
export function normaliseDomains(domains: readonly string[]): string[] {
  const out = [...new Set(domains.map(normaliseDomain))];
  if (out.length === 0) throw new ServerError('ERR_VALIDATION', 'a tenant needs at least one domain');
  return out;
}
