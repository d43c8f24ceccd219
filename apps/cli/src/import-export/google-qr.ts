/**
 * Google Authenticator transfer QR codes as PNG files (`FILE-1.png`, `FILE-2.png`, …), which
 * Google Authenticator's "Import accounts" scans one after the other from a screen or a print.
 *
 * @module
 */
import QRCode from 'qrcode';
import { CliError } from '../errors.js';

/** The PNG file names for `count` codes based on `out` (`backup` or `backup.png` → `backup-1.png`, …). */
export function pngFileNames(out: string, count: number): string[] {
  const base = out.replace(/\.png$/i, '');
  return Array.from({ length: count }, (_, index) => `${base}-${String(index + 1)}.png`);
}

/** The QR code of `text` as PNG bytes, large enough to scan from a screen. */
export async function qrPng(text: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 6 }));
  } catch (cause) {
    throw new CliError('ERR_QR_TOO_LARGE', 'A transfer payload does not fit in a QR code.', { cause });
  }
}
