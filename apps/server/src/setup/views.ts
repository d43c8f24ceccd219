/**
 * The setup pages: one form (organisation, domains, the first admin and their password), a
 * confirmation, and a dead-link page. Plain HTML that works without JavaScript, built from the
 * shared accessible page parts.
 *
 * @module
 */
import { html, type SafeHtml } from '../pages/html.js';
import { button, field, form, page } from '../pages/layout.js';
import { PASSWORD_MIN_LENGTH, PASSWORD_RECOMMENDED_LENGTH } from '../passwords/policy.js';

/** Values typed so far (never the password), to refill the form after a problem. */
export interface SetupFormValues {
  readonly tenantName?: string;
  readonly domain?: string;
  readonly email?: string;
  readonly displayName?: string;
}

/** The setup form. */
export function setupFormPage(csrf: string, token: string, values: SetupFormValues = {}, errors: readonly string[] = []): SafeHtml {
  const value = (v: string | undefined): { value?: string } => (v === undefined ? {} : { value: v });
  return page({
    title: 'Set up Tessera',
    errors,
    body: html`<p>Create your organisation and its first administrator. This link works once.</p>
${form('/setup', csrf, html`
${field({ name: 'tenantName', label: 'Organisation name', autocomplete: 'organization', autofocus: true, ...value(values.tenantName) })}
${field({ name: 'displayName', label: 'Your name', autocomplete: 'name', ...value(values.displayName) })}
${field({ name: 'email', label: 'Your work email address', type: 'email', autocomplete: 'username', inputmode: 'email', hint: 'Its domain becomes your organisation\'s sign-in domain.', ...value(values.email) })}
${field({ name: 'domain', label: 'Email domains (optional)', autocomplete: 'off', required: false, hint: 'Your email address\'s domain is always included. Add others separated by commas, for example students.example.org.', ...value(values.domain) })}
${field({ name: 'password', label: 'Choose a password', type: 'password', autocomplete: 'new-password', hint: `At least ${PASSWORD_MIN_LENGTH} characters; ${PASSWORD_RECOMMENDED_LENGTH} or more is better. A few unrelated words work well.` })}
${button('Create organisation')}`, { token })}`,
  });
}

/** After a successful setup. */
export function setupDonePage(tenantName: string): SafeHtml {
  return page({
    title: 'Your organisation is ready',
    body: html`<p>${tenantName} was created and you are its administrator.</p>
<p>Next, add a second sign-in method — an authenticator app is best. For the next hour this browser may do that (and only that) without signing in again.</p>
<p><a href="/me">Add a sign-in method</a></p>
<p>Afterwards, sign in with your password and the new method at <a href="/signin">the sign-in page</a>.</p>`,
  });
}

/** For a used, expired or mistyped link. */
export function setupInvalidPage(): SafeHtml {
  return page({
    title: 'This setup link does not work',
    body: html`<p>It was used already, has expired (links last 24 hours) or was copied incompletely.</p>
<p>Whoever runs the server can print a new one with <code>tessera-server setup-token</code>.</p>`,
  });
}
