/**
 * The behaviour every {@link Destination} must show, as a vitest suite to run against each
 * implementation with a real backend: the CLI's folder destination on a temp folder, WebDAV on a
 * real `rclone serve webdav`, S3 on a real s3rver. Each test works under its own fresh root
 * folder, so suites may share one server.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { isCoreError, type Destination } from '@tessera/core';
import { expect, it } from 'vitest';

/** Names every destination must refuse (`ERR_DESTINATION_INVALID`) before touching storage. */
export const INVALID_NAMES: readonly string[] = ['', '/abs', 'a/../b', '..', '../x', 'a//b', 'a/./b', '.', 'a\\b', 'a\u0000b', 'a\nb', 'trailing/'];

/** Listing prefixes every destination must refuse. */
export const INVALID_PREFIXES: readonly string[] = ['/x', 'a//', '../', 'a/../', '..', 'a\\'];

let counter = 0;

/** A fresh folder name for one test, so tests never see each other's objects. */
function freshRoot(): string {
  counter += 1;
  return `contract-${counter}-${randomBytes(4).toString('hex')}/`;
}

/** Every byte value, then a megabyte of random bytes: catches text decoding and truncation. */
function binaryPayload(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let index = 0; index < 256; index += 1) bytes[index] = index;
  bytes.set(randomBytes(size - 256), 256);
  return bytes;
}

async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return isCoreError(error) ? error.code : `not a CoreError: ${String(error)}`;
  }
  return 'resolved';
}

async function names(destination: Destination, prefix: string): Promise<string[]> {
  return (await destination.list(prefix)).map((entry) => entry.name).sort();
}

/**
 * Registers the contract tests (call inside a `describe`). `open` gives the destination under
 * test; it is called per test and may return the same one each time.
 *
 * @example
 * ```ts
 * describe('folder destination', () => {
 *   destinationContract(() => folderDestination(dir));
 * });
 * ```
 */
export function destinationContract(open: () => Destination | Promise<Destination>): void {
  it('reads back exactly the bytes written: all byte values, 1 MiB, and an empty object', async () => {
    const destination = await open();
    const root = freshRoot();
    const big = binaryPayload(1024 * 1024);
    await destination.create(`${root}big.bin`, big);
    await destination.create(`${root}empty.bin`, new Uint8Array());
    const back = await destination.read(`${root}big.bin`);
    expect(back !== undefined && Buffer.from(back).equals(Buffer.from(big))).toBe(true);
    expect((await destination.read(`${root}empty.bin`))?.length).toBe(0);
    const sizes = new Map((await destination.list(root)).map((entry) => [entry.name, entry.size]));
    expect([...sizes.keys()].sort()).toEqual([`${root}big.bin`, `${root}empty.bin`]);
    for (const [name, size] of sizes) if (size !== undefined) expect(size).toBe(name.endsWith('big.bin') ? big.length : 0);
  });

  it('reads a missing object as undefined, in an existing folder and in a missing one', async () => {
    const destination = await open();
    const root = freshRoot();
    await destination.create(`${root}present.age`, new Uint8Array([1]));
    expect(await destination.read(`${root}absent.age`)).toBeUndefined();
    expect(await destination.read(`${root}no/such/folder/x.age`)).toBeUndefined();
  });

  it('nests names and lists recursively by prefix, partial segments included', async () => {
    const destination = await open();
    const root = freshRoot();
    const all = [`${root}a/b/c.bin`, `${root}a/d.bin`, `${root}ab/x.bin`, `${root}e.bin`];
    for (const name of all) await destination.create(name, new TextEncoder().encode(name));
    expect(await names(destination, root)).toEqual([...all].sort());
    expect(await names(destination, `${root}a/`)).toEqual([`${root}a/b/c.bin`, `${root}a/d.bin`]);
    expect(await names(destination, `${root}a`)).toEqual([`${root}a/b/c.bin`, `${root}a/d.bin`, `${root}ab/x.bin`]);
    expect(await names(destination, `${root}a/b/c`)).toEqual([`${root}a/b/c.bin`]);
    expect(await names(destination, `${root}a/b/c.bin`)).toEqual([`${root}a/b/c.bin`]);
    expect(await names(destination, `${root}zzz/`)).toEqual([]);
    expect(await names(destination, freshRoot())).toEqual([]);
    for (const name of all) expect(new TextDecoder().decode(await destination.read(name))).toBe(name);
  });

  it('keeps names with spaces, non-ASCII and URL-special characters exact', async () => {
    const destination = await open();
    const root = freshRoot();
    const name = `${root}sp ace/ü€ 100%+&=?#;,@'!(x).age`;
    await destination.create(name, new Uint8Array([7, 8, 9]));
    expect(await names(destination, root)).toEqual([name]);
    expect(await destination.read(name)).toEqual(new Uint8Array([7, 8, 9]));
    await destination.remove(name);
    expect(await names(destination, root)).toEqual([]);
  });

  it('create of an existing name fails with ERR_DESTINATION_EXISTS or overwrites whole, never a mix', async () => {
    const destination = await open();
    const name = `${freshRoot()}once.age`;
    const first = new Uint8Array(4096).fill(1);
    const second = new Uint8Array(100).fill(2);
    await destination.create(name, first);
    const outcome = await rejectionCode(destination.create(name, second));
    expect(['resolved', 'ERR_DESTINATION_EXISTS']).toContain(outcome);
    const back = await destination.read(name);
    if (outcome === 'ERR_DESTINATION_EXISTS') expect(back).toEqual(first);
    else expect([first, second]).toContainEqual(back);
  });

  it('removes idempotently: a removed or never-created object is not an error', async () => {
    const destination = await open();
    const root = freshRoot();
    await destination.create(`${root}gone.age`, new Uint8Array([1, 2]));
    await destination.create(`${root}kept.age`, new Uint8Array([3]));
    await destination.remove(`${root}gone.age`);
    expect(await destination.read(`${root}gone.age`)).toBeUndefined();
    expect(await names(destination, root)).toEqual([`${root}kept.age`]);
    await destination.remove(`${root}gone.age`);
    await destination.remove(`${root}never/was.age`);
    expect(await destination.read(`${root}kept.age`)).toEqual(new Uint8Array([3]));
  });

  it('refuses invalid names and prefixes with ERR_DESTINATION_INVALID and writes nothing', async () => {
    const destination = await open();
    const root = freshRoot();
    await destination.create(`${root}x.age`, new Uint8Array([1]));
    for (const name of INVALID_NAMES) {
      expect(await rejectionCode(destination.read(name))).toBe('ERR_DESTINATION_INVALID');
      expect(await rejectionCode(destination.create(name, new Uint8Array([9])))).toBe('ERR_DESTINATION_INVALID');
      expect(await rejectionCode(destination.remove(name))).toBe('ERR_DESTINATION_INVALID');
    }
    for (const prefix of INVALID_PREFIXES) expect(await rejectionCode(destination.list(prefix))).toBe('ERR_DESTINATION_INVALID');
    expect(await names(destination, root)).toEqual([`${root}x.age`]);
  });
}
