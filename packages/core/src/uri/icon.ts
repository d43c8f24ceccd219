/**
 * FreeOTP's `image` and `color` parameters, which become an account's icon. Both are cosmetic,
 * so a value Tessera will not use is dropped rather than failing the whole import: an `http:`
 * URL would leak to the network in the clear on display, and `file:`/`content:` paths (FreeOTP
 * writes them) point into another device's storage. Kept are `https:` URLs and inline
 * `data:image/…` URIs. Colours are `RRGGBB` in any case and stored upper case, like secrets.
 *
 * @module
 */
import { isSafeName } from '../internal/safe-text.js';
import type { AccountIcon } from '../vault/types.js';
import { percentDecode } from './percent.js';
import type { QueryParameters } from './query.js';

const IMAGE = /^(?:https:\/\/|data:image\/)/i;
const COLOR = /^[0-9A-Fa-f]{6}$/;

function isUsableImage(image: string): boolean {
  return IMAGE.test(image) && isSafeName(image);
}

/**
 * The icon a URI describes, or `undefined` when it carries no usable `image` or `color`. The
 * image is not `+`-decoded: it is a URL, where `+` is data (base64 in `data:` URIs).
 *
 * @throws {CoreError} `ERR_URI_INVALID` for a malformed %-escape in either value.
 */
export function readIcon(params: QueryParameters): AccountIcon | undefined {
  const rawImage = params.get('image');
  const rawColor = params.get('color');
  const image = rawImage === undefined ? undefined : percentDecode(rawImage, 'image');
  const color = rawColor === undefined ? undefined : percentDecode(rawColor, 'color');
  const icon: { image?: string; color?: string } = {};
  if (image !== undefined && isUsableImage(image)) {
    icon.image = image;
  }
  if (color !== undefined && COLOR.test(color)) {
    icon.color = color.toUpperCase();
  }
  return icon.image === undefined && icon.color === undefined ? undefined : icon;
}

/**
 * The `image`/`color` query pairs for an icon, upper-casing the colour.
 *
 * @throws {TypeError} for an image that is not an `https:` or `data:image/` URI, or a colour
 *   that is not `RRGGBB`: the parser would drop them, so writing them would lose data silently.
 */
export function iconParameters(icon: AccountIcon | undefined): [string, string][] {
  const pairs: [string, string][] = [];
  if (icon?.image !== undefined) {
    if (!isUsableImage(icon.image)) {
      throw new TypeError('icon.image must be an https: URL or a data:image/ URI.');
    }
    pairs.push(['image', icon.image]);
  }
  if (icon?.color !== undefined) {
    if (!COLOR.test(icon.color)) {
      throw new TypeError('icon.color must be six hex digits (RRGGBB).');
    }
    pairs.push(['color', icon.color.toUpperCase()]);
  }
  return pairs;
}
