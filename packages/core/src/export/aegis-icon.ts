/**
 * Account icons in Aegis's form (formats.md §4.3): the image bytes in Base64, their MIME type
 * and a SHA-256 over the MIME string and the bytes. Aegis stores only embedded PNG, JPEG and
 * SVG images, so an icon given as a web address (or a colour alone) has no Aegis equivalent.
 *
 * @module
 */
import { decodeBase64, encodeBase64 } from '../encoding/base64.js';
import { CoreError } from '../errors.js';
import type { Fail } from '../internal/json.js';
import { sha256 } from '../internal/sha256.js';
import type { AccountIcon } from '../vault/types.js';

/** The `icon`, `icon_mime` and `icon_hash` fields of an Aegis entry. */
export interface AegisIconFields {
  readonly icon: string | null;
  readonly icon_mime: string | null;
  readonly icon_hash: string | null;
}

const NO_ICON: AegisIconFields = { icon: null, icon_mime: null, icon_hash: null };
const DATA_URI = /^data:(image\/(?:png|jpeg|svg\+xml));base64,([A-Za-z0-9+/]*={0,2})$/;

// DATA_URI admits only the standard alphabet, so the one thing left to refuse is a length no
// encoder writes.
const notBase64: Fail = () => {
  throw new CoreError('ERR_IMPORT_INVALID', 'The data is not valid Base64.');
};

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Aegis's icon fields for `icon`; all `null` when Aegis cannot hold it. */
export function aegisIcon(icon: AccountIcon | undefined): AegisIconFields {
  const match = icon?.image === undefined ? null : DATA_URI.exec(icon.image);
  const mime = match?.[1];
  const data = match?.[2];
  if (mime === undefined || data === undefined) return NO_ICON;
  const bytes = decodeBase64(data, 'the icon', notBase64);
  const mimeBytes = new TextEncoder().encode(mime);
  const hashed = new Uint8Array(mimeBytes.length + bytes.length);
  hashed.set(mimeBytes);
  hashed.set(bytes, mimeBytes.length);
  return { icon: encodeBase64(bytes), icon_mime: mime, icon_hash: hex(sha256(hashed)) };
}
