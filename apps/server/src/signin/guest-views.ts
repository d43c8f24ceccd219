/**
 * The guest's page for a Temporary Access Pass issued by the organisation they are a guest of
 * (R): their home email and password (proving the home account is theirs and still active) and
 * R's pass. Same field names, autocomplete tokens and failure wording as the other sign-in pages;
 * the tenant hint and the OIDC interaction go along through the form and the links.
 *
 * @module
 */
import { html, type SafeHtml } from '../pages/html.js';
import { button, field, form, page } from '../pages/layout.js';
import { interactionFields } from './views.js';

/** The hidden field that carries the tenant hint through a form. */
export function tenantFields(tenant: string | undefined): Record<string, string> {
  return tenant === undefined ? {} : { tenant };
}

function withInteraction(path: string, interaction: string | undefined): string {
  return interaction === undefined ? path : `${path}&interaction=${encodeURIComponent(interaction)}`;
}

/** R's pass page for the tenant hint `tenant`, carrying the OIDC interaction if there is one. */
export function guestTapPathFor(tenant: string, interaction: string | undefined): string {
  return withInteraction(`/signin/guest-tap?tenant=${encodeURIComponent(tenant)}`, interaction);
}

/** Where the "Temporary Access Pass" link of the password page goes, with or without a hint. */
export function tapLinkFor(tenant: string | undefined, interaction: string | undefined): string {
  if (tenant !== undefined) return guestTapPathFor(tenant, interaction);
  return interaction === undefined ? '/signin/tap' : `/signin/tap?interaction=${encodeURIComponent(interaction)}`;
}

/**
 * Home email and password, then the pass from the organisation named by `tenant`. An OIDC
 * interaction (the CLI's device flow the sign-in was started for) goes through as a hidden field.
 */
export function guestTapPage(csrf: string, options: { tenant: string; interaction?: string | undefined; errors?: readonly string[] }): SafeHtml {
  return page({
    title: 'Sign in as a guest with a Temporary Access Pass',
    errors: options.errors ?? [],
    body: html`<p>You are a guest of <strong>${options.tenant}</strong>. Sign in with your own work or school account, then enter the pass its IT team gave you so that you can set up a sign-in method there.</p>
${form('/signin/guest-tap', csrf, html`
${field({ name: 'email', label: 'Your email address', type: 'email', autocomplete: 'username', inputmode: 'email', autofocus: true })}
${field({ name: 'password', label: 'Your password', type: 'password', autocomplete: 'current-password' })}
${field({ name: 'pass', label: 'Temporary Access Pass', type: 'password', autocomplete: 'one-time-code', hint: 'Letters and digits; spaces and dashes do not matter.' })}
${button('Sign in')}`, { ...interactionFields(options.interaction), ...tenantFields(options.tenant) })}
<p class="links"><a href="${withInteraction(`/signin?tenant=${encodeURIComponent(options.tenant)}`, options.interaction)}">Sign in with your second factor instead</a></p>`,
  });
}
