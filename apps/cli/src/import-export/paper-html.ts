/**
 * The printable paper backup: one self-contained HTML page (no scripts, no external resources)
 * with, per account in the vault's order, a QR code drawn as inline SVG, the issuer and account
 * name, the parameters and the Base32 secret in groups of four. Print CSS keeps each account's
 * card on one page. The core decides the content ({@link PaperEntry}); this file only lays it out.
 *
 * @module
 */
import QRCode from 'qrcode';
import type { PaperEntry } from '@tessera/core';
import { CliError } from '../errors.js';

const QUIET_ZONE = 4;

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` safe to place in HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** The QR code of `text` as an inline SVG element (one path, crisp at any print size). */
export function qrSvg(text: string, title: string): string {
  let modules: ReturnType<typeof QRCode.create>['modules'];
  try {
    modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  } catch (cause) {
    throw new CliError('ERR_QR_TOO_LARGE', `${title} does not fit in a QR code.`, { cause });
  }
  const size = modules.size + 2 * QUIET_ZONE;
  let path = '';
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col) === 1) path += `M${String(col + QUIET_ZONE)} ${String(row + QUIET_ZONE)}h1v1h-1z`;
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${String(size)} ${String(size)}" shape-rendering="crispEdges" role="img" aria-label="${escapeHtml(`QR code: ${title}`)}"><rect width="${String(size)}" height="${String(size)}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}

const STYLE = `
body { font: 11pt/1.4 system-ui, sans-serif; margin: 1.5cm; color: #000; background: #fff; }
h1 { font-size: 16pt; margin: 0 0 .2cm; }
.meta { margin: 0 0 .8cm; }
.card { display: flex; gap: .8cm; align-items: center; border: 1px solid #888; border-radius: 4px; padding: .5cm; margin: 0 0 .5cm; break-inside: avoid; page-break-inside: avoid; }
.card svg { width: 4.2cm; height: 4.2cm; flex: none; }
.name { font-size: 13pt; font-weight: 600; overflow-wrap: anywhere; }
.secret { font: 12pt/1.6 ui-monospace, monospace; letter-spacing: .05em; overflow-wrap: anywhere; }
@media print { body { margin: 0; } .card { border-color: #000; } }
`;

function card(entry: PaperEntry): string {
  const title = entry.issuer === '' ? entry.label : `${entry.issuer} (${entry.label})`;
  return `<section class="card">
${qrSvg(entry.uri, title)}
<div>
<div class="name">${String(entry.number)}. ${escapeHtml(title)}</div>
<div>${escapeHtml(entry.parameters)}</div>
<div class="secret">${escapeHtml(entry.secretGroups)}</div>
</div>
</section>`;
}

/**
 * The paper backup page for `entries`; `created` is shown in the heading (e.g. an ISO date).
 *
 * @example
 * ```ts
 * const html = paperBackupHtml(paperBackupEntries(vault).output, '2026-11-25');
 * ```
 */
export function paperBackupHtml(entries: readonly PaperEntry[], created: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Tessera paper backup</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Tessera paper backup</h1>
<p class="meta">${escapeHtml(created)} · ${String(entries.length)} account${entries.length === 1 ? '' : 's'}. Anyone holding this page can generate your codes: keep it somewhere safe. Scan a code with any authenticator app, or type the secret in by hand.</p>
${entries.map(card).join('\n')}
</body>
</html>
`;
}
