import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from './html.js';
import { field, page } from './layout.js';

describe('html', () => {
  it('escapes every interpolated string: no markup, attribute break-out or entity survives', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      expect(html`<p title="${text}">${text}</p>`.value).toBe(`<p title="${escapeHtml(text)}">${escapeHtml(text)}</p>`);
      expect(escapeHtml(text)).not.toMatch(/[<>"']/u);
      expect(escapeHtml(text).replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
    }));
  });

  it('keeps nested templates as markup and renders nothing for undefined, null and false', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${undefined}${null}${false}${[html`<br>`, 'x&y']}</p>`.value).toBe('<p><b>&lt;i&gt;</b><br>x&amp;y</p>');
  });

  it('builds pages with lang, a stylesheet link and no inline script or style', () => {
    const out = page({ title: 'T <x>', errors: ['bad & wrong'], body: field({ name: 'email', label: 'Email', autocomplete: 'username' }) }).value;
    expect(out).toContain('<html lang="en">');
    expect(out).toContain('<link rel="stylesheet" href="/assets/tessera.css">');
    expect(out).toContain('role="alert"');
    expect(out).toContain('Error: T &lt;x&gt;');
    expect(out).not.toMatch(/<script|<style| style=| on[a-z]+=/i);
  });
});
