/**
 * The sign-in pages. They work without JavaScript, label every input, use the autocomplete
 * tokens password managers and phones understand (`username`, `current-password`,
 * `one-time-code`), and announce problems in an error summary. The failure text is one sentence
 * for every kind of failure, so the page never tells whether an account exists.
 *
 * @module
 */
import type { SignInMethod } from '../factors/index.js';
import { html, type SafeHtml } from '../pages/html.js';
import { button, codeField, field, form, page } from '../pages/layout.js';
import { tapLinkFor, tenantFields } from './guest-views.js';

/** The one message for an unknown account, a wrong password, a wrong code or a wrong pass. */
export const SIGN_IN_FAILED_MESSAGE = 'The email address, password or code is not right. Check them and start again.';

/** Hidden fields that carry an OIDC interaction through the forms. */
export function interactionFields(interaction: string | undefined): Record<string, string> {
  return interaction === undefined ? {} : { interaction };
}

function withInteraction(path: string, interaction: string | undefined): string {
  return interaction === undefined ? path : `${path}?interaction=${encodeURIComponent(interaction)}`;
}

/** Step one: email and password. */
export function passwordPage(csrf: string, options: { interaction?: string | undefined; tenant?: string | undefined; errors?: readonly string[] } = {}): SafeHtml {
  return page({
    title: 'Sign in',
    errors: options.errors ?? [],
    body: html`${form('/signin', csrf, html`
${field({ name: 'email', label: 'Email address', type: 'email', autocomplete: 'username', inputmode: 'email', autofocus: true })}
${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' })}
${button('Continue')}`, { ...interactionFields(options.interaction), ...tenantFields(options.tenant) })}
<p class="links"><a href="${tapLinkFor(options.tenant, options.interaction)}">Sign in with a Temporary Access Pass</a></p>`,
  });
}

/** Step one, alternative: email and a Temporary Access Pass from IT. */
export function tapPage(csrf: string, options: { interaction?: string | undefined; errors?: readonly string[] } = {}): SafeHtml {
  return page({
    title: 'Sign in with a Temporary Access Pass',
    errors: options.errors ?? [],
    body: html`<p>Your IT team gave you a pass so that you can set up your sign-in methods.</p>
${form('/signin/tap', csrf, html`
${field({ name: 'email', label: 'Email address', type: 'email', autocomplete: 'username', inputmode: 'email', autofocus: true })}
${field({ name: 'pass', label: 'Temporary Access Pass', type: 'password', autocomplete: 'one-time-code', hint: 'Letters and digits; spaces and dashes do not matter.' })}
${button('Sign in')}`, interactionFields(options.interaction))}
<p class="links"><a href="${withInteraction('/signin', options.interaction)}">Sign in with a password instead</a></p>`,
  });
}

/** A person with a correct password but no usable second factor. */
export function noMethodsPage(): SafeHtml {
  return page({
    title: 'Set up a sign-in method first',
    body: html`<p>Your account has no second sign-in method yet. Ask your IT team for a Temporary Access Pass, then use it to add one.</p>
<p><a href="/signin/tap">Sign in with a Temporary Access Pass</a></p>`,
  });
}

function describe(method: SignInMethod): string {
  if (method.kind === 'totp') return `Authenticator app (${method.label})`;
  return method.kind === 'email' ? `Email to ${method.label}` : `Text message to ${method.label}`;
}

/** Step two: a code from the chosen method; links to switch to the others. */
export function factorPage(csrf: string, methods: readonly SignInMethod[], chosen: SignInMethod, options: { sent?: boolean; errors?: readonly string[]; notice?: string; push?: boolean } = {}): SafeHtml {
  const others = methods.filter((m) => m.id !== chosen.id);
  // Approval on the authenticator is offered with the other methods when the account has a device.
  const pushLink = options.push === true ? html`<li><a href="/signin/factor/push">Approve on your authenticator</a></li>` : undefined;
  const isTotp = chosen.kind === 'totp';
  return page({
    title: 'Enter your code',
    errors: options.errors ?? [],
    body: html`${options.notice === undefined ? undefined : html`<p class="notice" role="status">${options.notice}</p>`}
${isTotp
      ? html`<p>Open your authenticator app and enter the 6-digit code for this account.</p>`
      : html`${options.sent === true ? html`<p class="notice" role="status">We sent a code to ${chosen.label}.</p>` : undefined}
${form('/signin/factor/send', csrf, button(options.sent === true ? `Send a new code to ${chosen.label}` : `Send a code to ${chosen.label}`, { secondary: options.sent === true }), { methodId: chosen.id })}`}
${form('/signin/factor', csrf, html`
${codeField(isTotp ? 'Code from your authenticator app' : 'Code we sent you', { autofocus: true })}
${button('Sign in')}`, { methodId: chosen.id })}
${others.length === 0 && pushLink === undefined ? undefined : html`<h2>Use another method</h2>
<ul>${pushLink}${others.map((m) => html`<li><a href="/signin/factor?method=${encodeURIComponent(m.id)}">${describe(m)}</a></li>`)}</ul>`}`,
  });
}
