import { describe, expect, it } from 'vitest';
import { decodeQrImage } from '../qr/decode-image.js';
import { pngFileNames, qrPng } from './google-qr.js';
import { escapeHtml, paperBackupHtml, qrSvg } from './paper-html.js';

describe('paper backup HTML', () => {
  it('escapes every character HTML gives meaning to', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('draws a QR code as one inline SVG path with a quiet zone', () => {
    const svg = qrSvg('otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP', 'A (b)');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
    expect(svg.match(/<path /g)).toHaveLength(1);
  });

  it('lays out entries in order with print CSS and no external resources', () => {
    const entry = { number: 1, issuer: 'A&B', label: '<me>', parameters: 'TOTP · SHA1 · 6 digits · 30 s', secretGroups: 'JBSW Y3DP', uri: 'otpauth://totp/x?secret=JBSWY3DP' };
    const html = paperBackupHtml([entry, { ...entry, number: 2, issuer: '', label: 'second' }], '2026-11-25');
    expect(html).toContain('1. A&amp;B (&lt;me&gt;)');
    expect(html).toContain('2. second');
    expect(html).toContain('@media print');
    expect(html).toContain('2 accounts');
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(/i);
  });
});

describe('Google Authenticator QR PNGs', () => {
  it('names the files FILE-1.png, FILE-2.png … and encodes text our own reader gets back', async () => {
    expect(pngFileNames('/tmp/out.png', 2)).toEqual(['/tmp/out-1.png', '/tmp/out-2.png']);
    expect(pngFileNames('/tmp/out', 1)).toEqual(['/tmp/out-1.png']);
    const text = 'otpauth-migration://offline?data=CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBp';
    expect(decodeQrImage(await qrPng(text))).toBe(text);
  });
});
