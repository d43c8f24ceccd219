/**
 * Draws a QR code with Unicode half blocks, two module rows per text line, so a phone can scan an
 * account straight off the terminal. With colour on, modules are painted black on white (correct
 * on any theme); with colour off we cannot choose colours, so light modules are drawn with the
 * terminal's foreground, which suits the common light-on-dark terminal (`--invert` flips it).
 *
 * @module
 */
import QRCode from 'qrcode';
import { CliError } from '../errors.js';

const QUIET_ZONE = 2;

/** Options for {@link renderQr}. */
export interface RenderQrOptions {
  readonly color: boolean;
  readonly invert?: boolean;
}

function encode(text: string): ReturnType<typeof QRCode.create> {
  try {
    return QRCode.create(text, { errorCorrectionLevel: 'M' });
  } catch (cause) {
    throw new CliError('ERR_QR_TOO_LARGE', 'This account does not fit in a QR code (is its note or name very long?). Use --uri instead.', { cause });
  }
}

/** Returns the QR code of `text` as terminal lines (each ending in a newline). */
export function renderQr(text: string, options: RenderQrOptions): string {
  const { modules } = encode(text);
  const size = modules.size;
  const dark = (row: number, col: number): boolean =>
    row >= 0 && col >= 0 && row < size && col < size && modules.get(row, col) === 1;
  // `lit` = drawn with the foreground colour.
  const lit = (row: number, col: number): boolean => {
    const isDark = dark(row, col);
    if (options.color) return isDark;
    return options.invert === true ? isDark : !isDark;
  };
  const lines: string[] = [];
  for (let row = -QUIET_ZONE; row < size + QUIET_ZONE; row += 2) {
    let line = '';
    for (let col = -QUIET_ZONE; col < size + QUIET_ZONE; col++) {
      const top = lit(row, col);
      const bottom = lit(row + 1, col);
      line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ';
    }
    lines.push(options.color ? `\u001b[30;47m${line}\u001b[0m` : line);
  }
  return lines.join('\n') + '\n';
}
