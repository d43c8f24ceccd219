/**
 * Interfaces the core defines and the outside world implements. The core never performs I/O;
 * apps and adapter packages pass implementations of these ports in.
 *
 * @module
 */

/** One object in a {@link Destination}. */
export interface DestinationEntry {
  /** Slash-separated key relative to the destination's root, e.g. `tessera/devices/ab12/000007.age`. */
  readonly name: string;
  /** Size in bytes, when the destination reports it. */
  readonly size?: number;
}

/**
 * Storage the person already has, holding backup ciphertext: a folder, WebDAV, S3-compatible.
 * Destinations are untrusted (they may drop, roll back or swap objects); callers authenticate
 * everything they read. Names are relative keys using `/`; an implementation maps them to its
 * own paths and must refuse names containing `..`, empty segments or a leading `/`.
 *
 * Errors are `CoreError`s (or subclasses) with the `ERR_DESTINATION_*` codes:
 * `ERR_DESTINATION_UNREACHABLE` (network, DNS, refused, timeout), `ERR_DESTINATION_AUTH`
 * (401/403, bad credentials), `ERR_DESTINATION_EXISTS` (create of an existing name, when the
 * destination can tell), `ERR_DESTINATION_FAILED` (any other failure, with the status).
 */
export interface Destination {
  /** Where this is, for messages: the URL without credentials. */
  readonly description: string;
  /** Every object whose name starts with `prefix` (recursively), in no particular order. */
  list(prefix: string): Promise<DestinationEntry[]>;
  /** The object's bytes, or `undefined` when there is no such object. */
  read(name: string): Promise<Uint8Array | undefined>;
  /**
   * Creates a new object. Never meant to replace one: implementations send a conditional
   * create (`If-None-Match: *`) where the protocol has one, but many servers ignore it, so callers
   * only ever create fresh, unique names and verify by reading back.
   */
  create(name: string, bytes: Uint8Array): Promise<void>;
  /** Deletes an object; deleting a missing one is not an error. */
  remove(name: string): Promise<void>;
}
