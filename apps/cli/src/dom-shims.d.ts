// Some dependencies' type declarations name browser types in APIs the CLI never calls:
// @types/qrcode (canvas overloads) and age-encryption (WebCrypto key and WebAuthn PRF overloads).
// The CLI compiles without the DOM library, so browser globals cannot creep into it, and we keep
// `skipLibCheck` off; we therefore declare exactly those names as opaque types.
interface HTMLCanvasElement {
  readonly __brand: 'HTMLCanvasElement';
}
interface CryptoKey {
  readonly __brand: 'CryptoKey';
}
interface AuthenticationExtensionsPRFValues {
  readonly __brand: 'AuthenticationExtensionsPRFValues';
}
