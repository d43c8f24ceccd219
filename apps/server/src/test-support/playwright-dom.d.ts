// playwright-core's declarations name DOM types in its element-handle APIs. The server compiles
// without the DOM library (browser globals must not creep into it) and with `skipLibCheck` off,
// so exactly those names are declared as opaque types for the tests that drive Chromium.
// Test-support files are not part of the build.
interface Node {
  readonly __brand: 'Node';
}
interface HTMLElement {
  readonly __brand: 'HTMLElement';
}
interface SVGElement {
  readonly __brand: 'SVGElement';
}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a tag map with no tags: no DOM in the server
interface HTMLElementTagNameMap {}
