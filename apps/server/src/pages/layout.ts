/**
 * The one page shell and the form parts every server-rendered page uses, so accessibility is
 * built in once: a `lang` attribute, a skip link, one `<main>`, an error summary announced with
 * `role="alert"`, a visible label for every input with the right `autocomplete` token, and the
 * CSRF token in every form.
 *
 * @module
 */
import type { FastifyReply } from 'fastify';
import { STYLESHEET_PATH } from './styles.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';

/** What a page shows. */
export interface PageOptions {
  readonly title: string;
  readonly body: HtmlValue;
  /** Problems to list in the error summary at the top of the page. */
  readonly errors?: readonly string[];
  /** Go on to this same-site path at once (a meta refresh; the page also links to it). */
  readonly continueTo?: string;
  /** Wait this many seconds before going on to `continueTo` (default 0: at once). */
  readonly continueAfterSeconds?: number;
}

/** Renders a whole HTML document. */
export function page(options: PageOptions): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.errors !== undefined && options.errors.length > 0 ? 'Error: ' : ''}${options.title} – Tessera</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
${options.continueTo === undefined ? undefined : html`<meta http-equiv="refresh" content="${String(options.continueAfterSeconds ?? 0)};url=${options.continueTo}">`}
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><span class="brand">Tessera</span></header>
<main id="main">
<h1>${options.title}</h1>
${errorSummary(options.errors ?? [])}
${options.body}
</main>
</body>
</html>
`;
}

function errorSummary(errors: readonly string[]): HtmlValue {
  if (errors.length === 0) return undefined;
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">There is a problem</h2>
<ul>${errors.map((e) => html`<li>${e}</li>`)}</ul>
</div>`;
}

/** A labelled text-like input. */
export interface FieldOptions {
  readonly name: string;
  readonly label: string;
  readonly type?: 'text' | 'email' | 'password' | 'tel';
  readonly autocomplete: string;
  readonly inputmode?: 'numeric' | 'email' | 'tel' | 'text';
  readonly hint?: string;
  readonly required?: boolean;
  readonly value?: string;
  readonly autofocus?: boolean;
}

/** Renders a label, an optional hint and the input, tied together by id. */
export function field(options: FieldOptions): SafeHtml {
  const id = `field-${options.name}`;
  const hintId = `${id}-hint`;
  return html`<div class="field">
<label for="${id}">${options.label}</label>
${options.hint === undefined ? undefined : html`<p class="hint" id="${hintId}">${options.hint}</p>`}
<input id="${id}" name="${options.name}" type="${options.type ?? 'text'}" autocomplete="${options.autocomplete}"${options.inputmode === undefined ? undefined : html` inputmode="${options.inputmode}"`}${options.hint === undefined ? undefined : html` aria-describedby="${hintId}"`}${options.required === false ? undefined : html` required`}${options.value === undefined ? undefined : html` value="${options.value}"`}${options.autofocus === true ? html` autofocus` : undefined}>
</div>`;
}

/**
 * The input for a one-time code from an authenticator app, an e-mail or a text message: the
 * numeric keyboard, the browser's one-time-code autofill, and room for "123 456" as apps show it.
 */
export function codeField(label: string, options: { autofocus?: boolean } = {}): SafeHtml {
  return html`<div class="field">
<label for="field-code">${label}</label>
<input id="field-code" name="code" type="text" class="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="12" required${options.autofocus === true ? html` autofocus` : undefined}>
</div>`;
}

/** A POST form with its CSRF token; `hidden` adds more hidden fields. */
export function form(action: string, csrf: string, content: HtmlValue, hidden: Readonly<Record<string, string>> = {}): SafeHtml {
  return html`<form method="post" action="${action}" novalidate>
<input type="hidden" name="csrf" value="${csrf}">
${Object.entries(hidden).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
${content}
</form>`;
}

/** A submit button. */
export function button(label: string, options: { name?: string; value?: string; secondary?: boolean } = {}): SafeHtml {
  return html`<button type="submit"${options.secondary === true ? html` class="secondary"` : undefined}${options.name === undefined ? undefined : html` name="${options.name}" value="${options.value ?? ''}"`}>${label}</button>`;
}

/** Sends `content` as an HTML page with `status`. */
export function sendPage(reply: FastifyReply, content: SafeHtml, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(content.value);
}
