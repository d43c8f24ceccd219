/**
 * The push page: the number in large type, the same instruction as a sentence for screen
 * readers and everyone else ("Open Tessera on Ada's phone, and enter 42"), and everything a
 * browser without JavaScript needs — a meta refresh every {@link PUSH_REFRESH_SECONDS} seconds
 * to the status URL and a "Check now" button, both of which re-render this page or finish the
 * sign-in. Links lead to the person's other methods and to a fresh push.
 *
 * @module
 */
import type { SignInMethod } from '../factors/index.js';
import { html, type SafeHtml } from '../pages/html.js';
import { button, form, page } from '../pages/layout.js';
import { factorPage } from './views.js';

/** How often the page looks again without JavaScript. */
export const PUSH_REFRESH_SECONDS = 2;

/** Where the page looks again (GET by the refresh, POST by "Check now"). */
export const PUSH_STATUS_PATH = '/signin/factor/push/status';

/** The push page itself (GET shows, POST sends a new push). */
export const PUSH_PATH = '/signin/factor/push';

function methodLabel(method: SignInMethod): string {
  if (method.kind === 'totp') return `Enter a code from your authenticator app (${method.label})`;
  return method.kind === 'email' ? `Email a code to ${method.label}` : `Text a code to ${method.label}`;
}

/** "Ada's phone", "Ada's phone or Work tablet", or a plain word when the names are unknown. */
export function deviceWords(names: readonly string[]): string {
  if (names.length === 0) return 'your phone';
  if (names.length === 1) return names[0] ?? 'your phone';
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? ''}`;
}

function otherMethods(methods: readonly SignInMethod[]): SafeHtml | undefined {
  if (methods.length === 0) return undefined;
  return html`<h2>Use another method</h2>
<ul>${methods.map((m) => html`<li><a href="/signin/factor?method=${encodeURIComponent(m.id)}">${methodLabel(m)}</a></li>`)}</ul>`;
}

/** What the push page shows. */
export interface PushPageInput {
  readonly number: string;
  readonly deviceNames: readonly string[];
  readonly expiresAt: number;
  readonly now: number;
  readonly methods: readonly SignInMethod[];
}

/** The waiting page for a push. */
export function pushPage(csrf: string, input: PushPageInput): SafeHtml {
  const minutes = Math.max(1, Math.ceil((input.expiresAt - input.now) / 60_000));
  const instruction = `Open Tessera on ${deviceWords(input.deviceNames)}, and enter ${input.number}`;
  return page({
    title: 'Approve on your authenticator',
    continueTo: PUSH_STATUS_PATH,
    continueAfterSeconds: PUSH_REFRESH_SECONDS,
    body: html`<p class="push-number" aria-hidden="true">${input.number}</p>
<p id="push-instruction" role="status">${instruction}.</p>
<p class="hint">This request ends in ${String(minutes)} minute${minutes === 1 ? '' : 's'}. This page checks for your answer every few seconds.</p>
${form(PUSH_STATUS_PATH, csrf, button('Check now'))}
${form(PUSH_PATH, csrf, button('Send a new request', { secondary: true }))}
${otherMethods(input.methods)}`,
  });
}

/** Notes shown when the push cannot be used right now. */
export const PUSH_UNAVAILABLE_NOTES = {
  ERR_PUSH_CAPPED: 'Too many sign-in requests were sent to your authenticator recently. Use another method below, or wait a few minutes and try again.',
  ERR_PUSH_LOCKED: 'Sign-in requests to your authenticator are paused until your IT team reviews your account. Use another method below.',
  ERR_NO_DEVICE: 'Your authenticator is no longer registered for sign-in requests. Use another method below.',
} as const;

/** The code page of another method, with a note saying why the push is not offered. */
export function pushFallbackPage(csrf: string, methods: readonly SignInMethod[], chosen: SignInMethod, note: string): SafeHtml {
  return factorPage(csrf, methods, chosen, { notice: note });
}
