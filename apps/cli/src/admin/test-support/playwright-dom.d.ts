// playwright-core's declarations name DOM types in its element-handle APIs. The CLI compiles
// without the DOM library (so browser globals cannot creep into it) and with `skipLibCheck` off,
// so, as in src/dom-shims.d.ts, exactly those names are declared as opaque types for the
// end-to-end tests that drive Chromium. Test-support files are not part of the build.
interface Node {
  readonly __brand: 'Node';
}
interface HTMLElement {
  readonly __brand: 'HTMLElement';
}
interface SVGElement {
  readonly __brand: 'SVGElement';
}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a tag map with no tags: no DOM in the CLI
interface HTMLElementTagNameMap {}
