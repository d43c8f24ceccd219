/**
 * Authenticator Pro's custom icons: an authenticator whose `Icon` is `@<id>` shows the bitmap of
 * `CustomIcons[id].Data` (base64). Kept as a `data:` URI, its type read from the image's own
 * signature since the backup does not record one. Built-in icon names (`google`, …) refer to
 * pictures inside the app and have no equivalent here.
 *
 * @module
 */
import type { Fail } from '../../../internal/json.js';
import type { AccountIcon } from '../../../vault/types.js';
import { decodeBase64 } from '../../../encoding/base64.js';
import type { Warn } from '../../internal/entries.js';
import { readObject, type JsonFields } from '../../internal/json.js';

const SIGNATURES: readonly (readonly [string, (b: Uint8Array) => boolean])[] = [
  ['image/png', (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47],
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/webp', (b) => String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP'],
  ['image/gif', (b) => String.fromCharCode(...b.subarray(0, 4)) === 'GIF8'],
];

/** `CustomIcons`: id → base64 data. */
export function customIcons(file: JsonFields, fail: Fail): Map<string, string> {
  const icons = new Map<string, string>();
  for (const [i, raw] of (file.optionalArray('CustomIcons') ?? []).entries()) {
    const icon = readObject(raw, `CustomIcons[${i}]`, fail);
    icons.set(icon.string('Id'), icon.string('Data'));
  }
  return icons;
}

/** The icon of an authenticator whose `Icon` is `name`, or `undefined`. */
export function iconOf(name: string | undefined, icons: ReadonlyMap<string, string>, warn: Warn): AccountIcon | undefined {
  if (name?.startsWith('@') !== true) return undefined;
  const data = icons.get(name.slice(1))?.replace(/\s+/g, '');
  if (data === undefined) {
    warn('imported without its icon: the backup does not contain it.');
    return undefined;
  }
  let head: Uint8Array;
  try {
    head = decodeBase64(data.slice(0, 16), 'icon', () => {
      throw new Error('not base64');
    });
  } catch {
    head = new Uint8Array(0);
  }
  const mime = SIGNATURES.find(([, matches]) => matches(head))?.[0];
  if (mime === undefined) {
    warn('imported without its icon: the image is not PNG, JPEG, WebP or GIF.');
    return undefined;
  }
  return { image: `data:${mime};base64,${data}` };
}
