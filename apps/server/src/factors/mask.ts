/**
 * Labels and masked targets. A masked target shows enough of an address or number for its
 * owner to recognise it, little enough that a glance at the sign-in page or an admin screen
 * does not disclose it.
 *
 * @module
 */

/**
 * `ada@example.com` → `a•••@example.com`; `+4915112345678` → `•••• 5678`.
 *
 * @example
 * ```ts
 * maskTarget('email', 'ada@example.com'); // 'a•••@example.com'
 * ```
 */
export function maskTarget(kind: 'email' | 'sms', target: string): string {
  if (kind === 'sms') return `•••• ${target.slice(-4)}`;
  const at = target.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${target.slice(0, 1)}•••${target.slice(at)}`;
}

/**
 * The user's label, trimmed, or `fallback` when they gave none.
 *
 * @example
 * ```ts
 * labelOr('  Work phone ', 'Authenticator app'); // 'Work phone'
 * ```
 */
export function labelOr(label: string | undefined, fallback: string): string {
  const trimmed = label?.trim() ?? '';
  return trimmed === '' ? fallback : trimmed;
}
