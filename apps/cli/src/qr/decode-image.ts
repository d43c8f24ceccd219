/**
 * Reads QR codes out of screenshots and photos (PNG or JPEG), so an account shown as a QR code on
 * a web page can be added without a phone. Images are untrusted: their size is bounded before
 * the pixels are decoded, and any decoder failure becomes a typed error.
 *
 * @module
 */
import jsQR from 'jsqr';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { CliError } from '../errors.js';

/** Bigger than any real screenshot (8K is 33 MP); refuses decompression bombs. */
const MAX_MEGAPIXELS = 50;
const MAX_FILE_BYTES = 64 * 1024 * 1024;

interface Rgba {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

function isPng(bytes: Uint8Array): boolean {
  return bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
}

function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** PNG dimensions live in the IHDR chunk at a fixed offset; read them before inflating anything. */
function pngMegapixels(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return bytes.length < 24 ? 0 : (view.getUint32(16) * view.getUint32(20)) / 1e6;
}

function decodePixels(bytes: Uint8Array, name: string): Rgba {
  if (bytes.length > MAX_FILE_BYTES) {
    throw new CliError('ERR_IMAGE_UNREADABLE', `${name} is larger than ${String(MAX_FILE_BYTES / 1024 / 1024)} MiB.`);
  }
  try {
    if (isPng(bytes)) {
      if (pngMegapixels(bytes) > MAX_MEGAPIXELS) throw new RangeError('image too large');
      const png = PNG.sync.read(Buffer.from(bytes));
      return { data: new Uint8ClampedArray(png.data), width: png.width, height: png.height };
    }
    if (isJpeg(bytes)) {
      const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_MEGAPIXELS, maxMemoryUsageInMB: 1024 });
      return { data: new Uint8ClampedArray(image.data), width: image.width, height: image.height };
    }
  } catch (cause) {
    throw new CliError('ERR_IMAGE_UNREADABLE', `${name} could not be decoded as an image.`, { cause });
  }
  throw new CliError('ERR_IMAGE_UNREADABLE', `${name} is not a PNG or JPEG image.`);
}

/**
 * Finds the QR code in an image and returns its text.
 *
 * @throws {CliError} `ERR_IMAGE_UNREADABLE` for a file that is not a readable PNG/JPEG,
 *   `ERR_QR_NOT_FOUND` when no QR code can be read in it.
 */
export function decodeQrImage(bytes: Uint8Array, name = 'The image'): string {
  const image = decodePixels(bytes, name);
  // Screenshots of dark-mode pages show light-on-dark codes; try both polarities.
  const code = jsQR.default(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
  if (code === null || code.data === '') {
    throw new CliError('ERR_QR_NOT_FOUND', `No QR code could be read in ${name}. Crop the screenshot closer to the code and try again.`);
  }
  return code.data;
}
