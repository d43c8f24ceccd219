/**
 * The "my sign-in methods" pages: what the user has registered (kind, name, when added, when
 * last used, whether it came from a Temporary Access Pass), buttons to remove them, and forms
 * to add an authenticator app (QR code as an image plus the secret as text, for people who
 * cannot scan), an email address or a phone number.
 *
 * @module
 */
import type { MethodSummary } from '../factors/index.js';
import { html, type SafeHtml } from '../pages/html.js';
import { button, codeField, field, form, page } from '../pages/layout.js';

const KIND_NAMES: Readonly<Record<MethodSummary['kind'], string>> = { totp: 'Authenticator app', email: 'Email code', sms: 'Text message code' };

function date(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** What the overview shows besides the methods. */
export interface OverviewOptions {
  readonly email: string;
  readonly tapSession: boolean;
  readonly notice?: string | undefined;
  readonly errors?: readonly string[];
}

/** The overview: methods, remove buttons (full sessions only), add links, sign out. */
export function overviewPage(csrf: string, methods: readonly MethodSummary[], options: OverviewOptions): SafeHtml {
  return page({
    title: 'Your sign-in methods',
    errors: options.errors ?? [],
    body: html`<p>Signed in as <strong>${options.email}</strong>.</p>
${options.tapSession ? html`<p class="notice">You signed in with a Temporary Access Pass. You can add sign-in methods now; to use apps or remove methods, sign out and sign in again with your new method.</p>` : undefined}
${options.notice === undefined ? undefined : html`<p class="notice" role="status">${options.notice}</p>`}
${methods.length === 0 ? html`<p>You have no sign-in methods yet. Add one below.</p>` : html`<ul class="methods">${methods.map((m) => html`<li>
<span><strong>${KIND_NAMES[m.kind]}</strong> — ${m.label}${m.pending ? ' (not confirmed yet)' : ''}<br>
<small>Added ${date(m.createdAt)}${m.lastUsedAt === null ? '' : `, last used ${date(m.lastUsedAt)}`}${m.registeredWithTap ? ', added with a Temporary Access Pass' : ''}</small></span>
${options.tapSession ? undefined : form(`/me/methods/${encodeURIComponent(m.id)}/remove`, csrf, button(`Remove ${KIND_NAMES[m.kind]} ${m.label}`, { secondary: true }))}
</li>`)}</ul>`}
<h2>Add a sign-in method</h2>
<ul>
<li><a href="/me/totp">Authenticator app</a></li>
<li><a href="/me/oob/email">Email code</a></li>
<li><a href="/me/oob/sms">Text message code</a></li>
</ul>
${form('/signout', csrf, button('Sign out', { secondary: true }))}`,
  });
}

/** Registering an authenticator app: scan (or type) the secret, then confirm with a first code. */
export function totpPage(csrf: string, input: { enrollmentToken: string; qrDataUrl?: string; secretBase32?: string; errors?: readonly string[] }): SafeHtml {
  return page({
    title: 'Add an authenticator app',
    errors: input.errors ?? [],
    body: html`${input.qrDataUrl === undefined ? html`<p>Enter a new code from the authenticator app you just set up.</p>` : html`<ol>
<li>Open your authenticator app (for example Tessera) and add an account.</li>
<li>Scan this QR code:<img class="qr" src="${input.qrDataUrl}" alt="QR code for setting up your authenticator app. If you cannot scan it, type the setup key shown below."></li>
<li>Or type this setup key: <code class="secret">${input.secretBase32 ?? ''}</code></li>
<li>Enter the 6-digit code the app shows.</li>
</ol>`}
${form('/me/totp', csrf, html`
${field({ name: 'label', label: 'Name for this app (optional)', autocomplete: 'off', required: false, hint: 'For example “Work phone”.' })}
${codeField('Code from the app')}
${button('Add authenticator app')}`, { enrollmentToken: input.enrollmentToken })}
<p class="links"><a href="/me">Back to your sign-in methods</a></p>`,
  });
}

/** Registering an email address or phone number. */
export function oobPage(csrf: string, kind: 'email' | 'sms', errors: readonly string[] = []): SafeHtml {
  const isEmail = kind === 'email';
  return page({
    title: isEmail ? 'Add an email address for codes' : 'Add a phone number for codes',
    errors,
    body: html`${form(`/me/oob/${kind}`, csrf, html`
${isEmail
    ? field({ name: 'target', label: 'Email address', type: 'email', autocomplete: 'email', inputmode: 'email', autofocus: true })
    : field({ name: 'target', label: 'Mobile phone number', type: 'tel', autocomplete: 'tel', inputmode: 'tel', hint: 'In international form, for example +44 20 7946 0958.', autofocus: true })}
${button('Send a code')}`)}
<p class="links"><a href="/me">Back to your sign-in methods</a></p>`,
  });
}

/** Confirming an email address or phone number with the code sent to it. */
export function verifyPage(csrf: string, methodId: string, errors: readonly string[] = []): SafeHtml {
  const action = `/me/methods/${encodeURIComponent(methodId)}`;
  return page({
    title: 'Enter the code we sent',
    errors,
    body: html`${form(`${action}/verify`, csrf, html`
${codeField('Code', { autofocus: true })}
${button('Confirm')}`)}
${form(`${action}/send`, csrf, button('Send a new code', { secondary: true }))}
<p class="links"><a href="/me">Back to your sign-in methods</a></p>`,
  });
}
