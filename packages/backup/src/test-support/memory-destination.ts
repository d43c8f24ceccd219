/**
 * An in-memory {@link Destination} for tests, with switchable misbehaviour: a byte flipped on
 * read, creates that silently overwrite, a write that fails half-way (leaving half an object),
 * removes and listings that fail. Every call is logged so tests can assert what was asked.
 *
 * @module
 */
import { CoreError, type Destination, type DestinationEntry } from '@tessera/core';

/** Ways the destination can misbehave; all off by default. */
export interface Misbehaviour {
  /** Flip one byte of what `read` returns for names this accepts. */
  flipOnRead?: (name: string) => boolean;
  /** `create` of an existing name silently replaces it (as many servers do) instead of refusing. */
  overwriteOnCreate?: boolean;
  /** `create` stores only the first half of the bytes, then fails. */
  failMidWrite?: (name: string) => boolean;
  /** `create` fails without storing anything (destination unreachable). */
  failCreate?: boolean;
  /** `remove` fails. */
  failRemove?: (name: string) => boolean;
  /** `list` fails. */
  failList?: boolean;
  /** `read` returns nothing for names this accepts (an eventually consistent store). */
  missingOnRead?: (name: string) => boolean;
}

/** One logged call. */
export interface Call {
  readonly op: 'list' | 'read' | 'create' | 'remove';
  readonly name: string;
  /** For `create`: whether the name already held an object at the time. */
  readonly existed?: boolean;
}

/** In-memory destination; `objects` is the stored state. */
export class MemoryDestination implements Destination {
  readonly description = 'memory:test';
  readonly objects = new Map<string, Uint8Array>();
  readonly calls: Call[] = [];
  misbehaviour: Misbehaviour;

  constructor(misbehaviour: Misbehaviour = {}) {
    this.misbehaviour = misbehaviour;
  }

  list(prefix: string): Promise<DestinationEntry[]> {
    this.calls.push({ op: 'list', name: prefix });
    if (this.misbehaviour.failList === true) return Promise.reject(failed('list'));
    const names = [...this.objects.keys()].filter((name) => name.startsWith(prefix));
    return Promise.resolve(names.map((name) => ({ name, size: this.objects.get(name)?.length ?? 0 })));
  }

  read(name: string): Promise<Uint8Array | undefined> {
    this.calls.push({ op: 'read', name });
    const stored = this.objects.get(name);
    if (stored === undefined || this.misbehaviour.missingOnRead?.(name) === true) return Promise.resolve(undefined);
    const copy = stored.slice();
    const middle = copy.length >> 1;
    if (this.misbehaviour.flipOnRead?.(name) === true && copy.length > 0) copy[middle] = (copy[middle] ?? 0) ^ 0x20;
    return Promise.resolve(copy);
  }

  create(name: string, bytes: Uint8Array): Promise<void> {
    const existed = this.objects.has(name);
    this.calls.push({ op: 'create', name, existed });
    if (this.misbehaviour.failCreate === true) return Promise.reject(new CoreError('ERR_DESTINATION_UNREACHABLE', 'test: unreachable'));
    if (existed && this.misbehaviour.overwriteOnCreate !== true) {
      return Promise.reject(new CoreError('ERR_DESTINATION_EXISTS', `test: ${name} exists`));
    }
    if (this.misbehaviour.failMidWrite?.(name) === true) {
      this.objects.set(name, bytes.slice(0, bytes.length >> 1));
      return Promise.reject(failed('create'));
    }
    this.objects.set(name, bytes.slice());
    return Promise.resolve();
  }

  remove(name: string): Promise<void> {
    this.calls.push({ op: 'remove', name });
    if (this.misbehaviour.failRemove?.(name) === true) return Promise.reject(failed('remove'));
    this.objects.delete(name);
    return Promise.resolve();
  }

  /** Names of every stored object, sorted. */
  names(): string[] {
    return [...this.objects.keys()].sort();
  }
}

function failed(op: string): CoreError {
  return new CoreError('ERR_DESTINATION_FAILED', `test: ${op} failed (HTTP 500)`);
}
