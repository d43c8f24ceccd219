/**
 * `@types/qrcode` names the browser's `HTMLCanvasElement` in its canvas functions. The server
 * compiles without the DOM library and only ever makes data: URLs, so this declares the name
 * (and nothing usable) to let the package's own types check.
 *
 * @module
 */
declare global {
  /** Browser canvas, never present on the server. */
  interface HTMLCanvasElement {
    readonly serverHasNoCanvas?: never;
  }
}

export {};
