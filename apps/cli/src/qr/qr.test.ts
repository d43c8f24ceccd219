import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCliError } from '../errors.js';
import { tessera } from '../test-support/memory-io.js';
import { decodeQrImage } from './decode-image.js';
import { renderQr } from './render-terminal.js';

const URI = 'otpauth://totp/Example:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-qr-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A "screenshot": the QR code drawn into a larger canvas with an off-white, noisy background. */
async function screenshot(text: string, options: { dark?: boolean } = {}): Promise<{ width: number; height: number; data: Buffer }> {
  const code = PNG.sync.read(await QRCode.toBuffer(text, { scale: 6, margin: 4 }));
  const width = code.width + 240;
  const height = code.height + 160;
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) data.fill(options.dark === true ? 30 : 235 - (i % 7), i * 4, i * 4 + 3).writeUInt8(255, i * 4 + 3);
  for (let y = 0; y < code.height; y++) {
    for (let x = 0; x < code.width; x++) {
      const from = (y * code.width + x) * 4;
      const to = ((y + 80) * width + (x + 120)) * 4;
      const value = code.data[from] ?? 0;
      const shown = options.dark === true ? 255 - value : value;
      data.fill(shown, to, to + 3).writeUInt8(255, to + 3);
    }
  }
  return { width, height, data };
}

describe('QR codes in screenshots', () => {
  it('reads a PNG screenshot', async () => {
    const image = await screenshot(URI);
    const png = new PNG({ width: image.width, height: image.height });
    image.data.copy(png.data);
    expect(decodeQrImage(new Uint8Array(PNG.sync.write(png)))).toBe(URI);
  });

  it('reads a JPEG photo and a dark-mode (inverted) screenshot', async () => {
    const image = await screenshot(URI);
    expect(decodeQrImage(new Uint8Array(jpeg.encode(image, 85).data))).toBe(URI);
    const dark = await screenshot(URI, { dark: true });
    const png = new PNG({ width: dark.width, height: dark.height });
    dark.data.copy(png.data);
    expect(decodeQrImage(new Uint8Array(PNG.sync.write(png)))).toBe(URI);
  });

  it('gives typed errors for images without a code, non-images and truncated files', () => {
    const blank = new PNG({ width: 50, height: 50 });
    blank.data.fill(255);
    const expectCode = (bytes: Uint8Array, code: string): void => {
      try {
        decodeQrImage(bytes);
        expect.unreachable();
      } catch (error) {
        expect(isCliError(error)).toBe(true);
        expect((error as { code: string }).code).toBe(code);
      }
    };
    expectCode(new Uint8Array(PNG.sync.write(blank)), 'ERR_QR_NOT_FOUND');
    expectCode(new TextEncoder().encode('just text'), 'ERR_IMAGE_UNREADABLE');
    expectCode(new Uint8Array(PNG.sync.write(blank)).slice(0, 40), 'ERR_IMAGE_UNREADABLE');
  });

  it('refuses a PNG whose header claims absurd dimensions before inflating it', () => {
    const bytes = new Uint8Array(PNG.sync.write(new PNG({ width: 10, height: 10 })));
    const view = new DataView(bytes.buffer);
    view.setUint32(16, 100_000);
    view.setUint32(20, 100_000);
    expect(() => decodeQrImage(bytes)).toThrow(expect.objectContaining({ code: 'ERR_IMAGE_UNREADABLE' }) as Error);
  });

  it('tessera add --qr adds the account; a bad image changes nothing', async () => {
    const vault = join(dir, 'vault');
    const image = await screenshot(URI);
    const png = new PNG({ width: image.width, height: image.height });
    image.data.copy(png.data);
    await writeFile(join(dir, 'shot.png'), PNG.sync.write(png));
    await writeFile(join(dir, 'empty.png'), PNG.sync.write(new PNG({ width: 20, height: 20 })));
    expect(await tessera(vault, ['add', '--qr', join(dir, 'empty.png')])).toMatchObject({ code: 3 });
    expect(await tessera(vault, ['add', '--qr', join(dir, 'missing.png')])).toMatchObject({ code: 3 });
    expect((await tessera(vault, ['list', '--json'])).stdout).toContain('"accounts": []');
    const added = await tessera(vault, ['add', '--qr', join(dir, 'shot.png')]);
    expect(added.stdout).toContain('Added Example (alice@example.com)');
  });
});

describe('QR codes in the terminal', () => {
  it('draws a code that decodes back to the URI', () => {
    const lines = renderQr(URI, { color: false }).trimEnd().split('\n');
    // Rebuild pixels from the half blocks (lit = light module here) and decode them.
    const width = Array.from(lines[0] ?? '').length;
    const height = lines.length * 2;
    const scale = 4;
    const png = new PNG({ width: width * scale, height: height * scale });
    lines.forEach((line, row) => {
      Array.from(line).forEach((char, col) => {
        const top = char === '█' || char === '▀';
        const bottom = char === '█' || char === '▄';
        for (const [half, lit] of [[0, top], [1, bottom]] as const) {
          for (let dy = 0; dy < scale; dy++) {
            for (let dx = 0; dx < scale; dx++) {
              const offset = (((row * 2 + half) * scale + dy) * png.width + col * scale + dx) * 4;
              png.data.fill(lit ? 255 : 0, offset, offset + 3).writeUInt8(255, offset + 3);
            }
          }
        }
      });
    });
    expect(decodeQrImage(new Uint8Array(PNG.sync.write(png)))).toBe(URI);
  });

  it('paints black on white when colour is allowed', () => {
    expect(renderQr(URI, { color: true })).toContain('\u001b[30;47m');
  });
});
