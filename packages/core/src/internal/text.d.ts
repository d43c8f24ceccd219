/**
 * Minimal ambient declarations of the WHATWG Encoding API. Node, Deno, Bun and every browser
 * provide `TextEncoder`/`TextDecoder` globally, but the core compiles against `lib: ES2023`
 * only (no DOM, no Node types), so the two classes are declared here with just the members
 * the core uses.
 *
 * @module
 */

interface TextEncoder {
  /** UTF-8 bytes of `input`; lone surrogates become U+FFFD. */
  encode(input?: string): Uint8Array;
  /** Writes the UTF-8 bytes of `source` into `destination`, as many whole characters as fit. */
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}

declare const TextEncoder: {
  prototype: TextEncoder;
  new (): TextEncoder;
};

interface TextDecoderOptions {
  /** Throw a `TypeError` on malformed input instead of substituting U+FFFD. */
  fatal?: boolean;
  ignoreBOM?: boolean;
}

interface TextDecoder {
  decode(input?: Uint8Array): string;
}

declare const TextDecoder: {
  prototype: TextDecoder;
  new (label?: string, options?: TextDecoderOptions): TextDecoder;
};
