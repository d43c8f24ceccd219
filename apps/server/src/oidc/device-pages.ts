/**
 * The pages oidc-provider renders itself — the device flow's "enter the code" and "confirm"
 * pages, its success page, the sign-out prompt and its error page — drawn with Tessera's own
 * accessible layout instead of the provider's defaults (which use inline styles and scripts
 * that the CSP forbids, and inputs without labels). The provider supplies its own anti-forgery
 * value (`xsrf`, bound to its session); these pages carry it in their forms unchanged.
 *
 * @module
 */
import type { KoaContextWithOIDC } from 'oidc-provider';
import { html } from '../pages/html.js';
import { button, page } from '../pages/layout.js';

function attribute(formHtml: string, pattern: RegExp): string {
  return pattern.exec(formHtml)?.[1] ?? '';
}

function formParts(formHtml: string): { action: string; xsrf: string } {
  return {
    action: attribute(formHtml, /action="([^"]*)"/),
    xsrf: attribute(formHtml, /name="xsrf" value="([^"]*)"/),
  };
}

function decodeEntities(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

function send(ctx: KoaContextWithOIDC, body: string): void {
  ctx.type = 'html';
  ctx.body = body;
}

// The code from `verification_uri_complete` (see `withPrefilledUserCode`): only code characters, bounded.
function prefilledCode(ctx: KoaContextWithOIDC): string {
  const value = ctx.query['prefill'];
  return typeof value === 'string' && /^[A-Za-z0-9 -]{1,32}$/.test(value) ? value : '';
}

/** The "enter the code shown on your device" page (RFC 8628 verification URI). */
export function userCodeInputSource(ctx: KoaContextWithOIDC, formHtml: string, _out?: unknown, err?: { userCode?: string; name?: string }): Promise<void> {
  const { action, xsrf } = formParts(formHtml);
  const prefill = prefilledCode(ctx);
  const errors = err === undefined ? [] : [err.userCode !== undefined || err.name === 'NoCodeError' ? 'The code is not right or has expired. Check the code on your device and try again.' : 'The sign-in was interrupted. Start again on your device.'];
  send(ctx, page({
    title: 'Connect a device',
    errors,
    body: html`<form method="post" action="${decodeEntities(action)}" novalidate>
<input type="hidden" name="xsrf" value="${decodeEntities(xsrf)}">
<div class="field">
<label for="field-user_code">Code shown on your device</label>
<p class="hint" id="field-user_code-hint">For example BCDF-GHJK</p>
<input id="field-user_code" name="user_code" type="text" class="code" value="${prefill}" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="field-user_code-hint" required autofocus>
</div>
${button('Continue')}
</form>`,
  }).value);
  return Promise.resolve();
}

/** The "is this your device?" confirmation page. */
export function userCodeConfirmSource(ctx: KoaContextWithOIDC, formHtml: string, client: { clientId: string; clientName?: string }, _deviceInfo: unknown, userCode: string): Promise<void> {
  const { action, xsrf } = formParts(formHtml);
  const code = decodeEntities(attribute(formHtml, /name="user_code" value="([^"]*)"/));
  send(ctx, page({
    title: 'Confirm the device',
    body: html`<p><strong>${client.clientName ?? client.clientId}</strong> wants to sign in as you.</p>
<p>Check that your device shows this code:</p>
<p class="user-code">${userCode}</p>
<p>If you did not start this, or the code is different, choose “Cancel”.</p>
<form method="post" action="${decodeEntities(action)}">
<input type="hidden" name="xsrf" value="${decodeEntities(xsrf)}">
<input type="hidden" name="user_code" value="${code}">
<input type="hidden" name="confirm" value="yes">
${button('Allow')}
${button('Cancel', { name: 'abort', value: 'yes', secondary: true })}
</form>`,
  }).value);
  return Promise.resolve();
}

/** Shown once the device has been allowed. */
export function successSource(ctx: KoaContextWithOIDC): Promise<void> {
  send(ctx, page({ title: 'Device connected', body: html`<p class="notice" role="status">You can close this window and return to your device.</p>` }).value);
  return Promise.resolve();
}

/** The sign-out confirmation asked by a client app (RP-initiated logout). */
export function logoutSource(ctx: KoaContextWithOIDC, formHtml: string): Promise<void> {
  const { action, xsrf } = formParts(formHtml);
  send(ctx, page({
    title: 'Sign out',
    body: html`<p>Do you want to sign out of the app?</p>
<form method="post" action="${decodeEntities(action)}">
<input type="hidden" name="xsrf" value="${decodeEntities(xsrf)}">
${button('Sign out', { name: 'logout', value: 'yes' })}
${button('Stay signed in', { secondary: true })}
</form>`,
  }).value);
  return Promise.resolve();
}

/** Shown after a client-initiated sign-out. */
export function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  send(ctx, page({ title: 'Signed out', body: html`<p class="notice" role="status">You have signed out of the app.</p>` }).value);
  return Promise.resolve();
}

/** The provider's error page: the OAuth error code and its public description, nothing internal. */
export function renderError(ctx: KoaContextWithOIDC, out: Readonly<Record<string, unknown>>): Promise<void> {
  const code = typeof out['error'] === 'string' ? out['error'] : 'server_error';
  const description = typeof out['error_description'] === 'string' ? out['error_description'] : 'Something went wrong.';
  send(ctx, page({ title: 'Sign-in could not continue', errors: [description], body: html`<p>Error code: <code>${code}</code></p><p><a href="/signin">Sign in</a></p>` }).value);
  return Promise.resolve();
}
