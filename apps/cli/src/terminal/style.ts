/**
 * Colour and emphasis for terminal output. Colour is used only when stdout is a terminal,
 * `NO_COLOR` (https://no-color.org) is unset or empty, `TERM` is not `dumb` and `--no-color`
 * was not given; otherwise every helper returns its text unchanged.
 *
 * @module
 */

/** Text decorators; identity functions when colour is off. */
export interface Style {
  readonly enabled: boolean;
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly red: (text: string) => string;
  readonly cyan: (text: string) => string;
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string): string => text;

/** Decides whether colour may be used. */
export function colorEnabled(options: {
  isTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  noColorFlag: boolean;
}): boolean {
  const noColor = options.env['NO_COLOR'];
  if (options.noColorFlag || (noColor !== undefined && noColor !== '')) return false;
  if (options.env['TERM'] === 'dumb') return false;
  return options.isTTY;
}

/** Builds a {@link Style}. */
export function createStyle(enabled: boolean): Style {
  if (!enabled) {
    return { enabled, bold: plain, dim: plain, green: plain, yellow: plain, red: plain, cyan: plain };
  }
  return {
    enabled,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    red: sgr(31, 39),
    cyan: sgr(36, 39),
  };
}
