/**
 * A small, strict XML reader for the two documents destinations receive: WebDAV `multistatus`
 * and S3 `ListBucketResult`/`Error`. It builds a tree of elements with resolved namespaces
 * (`D:href`, `d:href` and a default `xmlns="DAV:"` all become `{ namespace: 'DAV:', name: 'href' }`)
 * and their character data. Malformed input is refused, never guessed at: mismatched tags, an
 * undeclared prefix, a stray `&`, text outside the root. Document type declarations are refused
 * outright, so no entity can expand (no "billion laughs"); only the five predefined entities and
 * character references are understood. Attributes are parsed (for namespace declarations) but
 * not kept: neither protocol needs them.
 *
 * @module
 */
import { CoreError } from '@tessera/core';

/** One element: its namespace URI (`''` when none), local name, child elements and own text. */
export interface XmlElement {
  readonly namespace: string;
  readonly name: string;
  readonly children: XmlElement[];
  /** The character data directly inside this element (CDATA included), concatenated. */
  text: string;
}

/** Deepest element nesting accepted; both protocols need fewer than ten levels. */
export const MAX_XML_DEPTH = 64;

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const NAME = /[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*(?::[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?/y;
const SPACE = /[ \t\r\n]*/y;
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));/y;
// No prefix and no default namespace declared: the empty namespace.
const INITIAL_SCOPE: ReadonlyMap<string, string> = new Map([['', ''], ['xml', XML_NAMESPACE]]);
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

interface Frame {
  readonly element: XmlElement;
  readonly qname: string;
  readonly scope: ReadonlyMap<string, string>;
}

interface Cursor {
  readonly source: string;
  at: number;
}

/**
 * Parses `source` into its root element, or throws `ERR_DESTINATION_FAILED` (the document came
 * from the destination) saying what is wrong and where.
 *
 * @example
 * ```ts
 * const root = parseXml('<D:multistatus xmlns:D="DAV:"><D:response/></D:multistatus>');
 * root.name; // 'multistatus'; root.namespace === 'DAV:'
 * ```
 */
export function parseXml(source: string): XmlElement {
  const cursor: Cursor = { source: source.startsWith('\uFEFF') ? source.slice(1) : source, at: 0 };
  const stack: Frame[] = [];
  let root: XmlElement | undefined;
  while (cursor.at < cursor.source.length) {
    const top = stack.at(-1);
    if (cursor.source.startsWith('<', cursor.at)) {
      const opened = readMarkup(cursor, stack, top);
      if (opened !== undefined) {
        if (top === undefined && root !== undefined) fail(cursor, 'a second root element');
        root ??= opened;
      }
    } else {
      readText(cursor, top);
    }
  }
  if (stack.length > 0) fail(cursor, `unclosed <${stack.at(-1)?.qname ?? ''}>`);
  if (root === undefined) fail(cursor, 'no root element');
  return root;
}

/** The child elements of `parent` with local name `name` (and `namespace`, when given). */
export function childrenNamed(parent: XmlElement, name: string, namespace?: string): XmlElement[] {
  return parent.children.filter((child) => child.name === name && (namespace === undefined || child.namespace === namespace));
}

/** The first child element of `parent` with local name `name` (and `namespace`, when given). */
export function childNamed(parent: XmlElement, name: string, namespace?: string): XmlElement | undefined {
  return parent.children.find((child) => child.name === name && (namespace === undefined || child.namespace === namespace));
}

/** Reads one `<…>` construct; returns the element it opened, if any. */
function readMarkup(cursor: Cursor, stack: Frame[], top: Frame | undefined): XmlElement | undefined {
  const { source, at } = cursor;
  if (source.startsWith('<!--', at)) {
    skipPast(cursor, '-->', 'comment');
    return undefined;
  }
  if (source.startsWith('<?', at)) {
    skipPast(cursor, '?>', 'processing instruction');
    return undefined;
  }
  if (source.startsWith('<![CDATA[', at)) {
    if (top === undefined) fail(cursor, 'CDATA outside the root element');
    const end = source.indexOf(']]>', at + 9);
    if (end < 0) fail(cursor, 'unterminated CDATA section');
    top.element.text += source.slice(at + 9, end);
    cursor.at = end + 3;
    return undefined;
  }
  if (source.startsWith('<!', at)) fail(cursor, 'a document type declaration or other <! markup (refused)');
  if (source.startsWith('</', at)) {
    closeTag(cursor, stack);
    return undefined;
  }
  return openTag(cursor, stack, top);
}

function openTag(cursor: Cursor, stack: Frame[], top: Frame | undefined): XmlElement {
  cursor.at += 1;
  const qname = readName(cursor);
  const attributes = readAttributes(cursor);
  const selfClosing = cursor.source.startsWith('/>', cursor.at);
  if (!selfClosing && !cursor.source.startsWith('>', cursor.at)) fail(cursor, `malformed start tag <${qname}>`);
  cursor.at += selfClosing ? 2 : 1;
  const scope = declareNamespaces(cursor, top?.scope ?? INITIAL_SCOPE, attributes);
  const { prefix, local } = splitName(qname);
  const namespace = scope.get(prefix);
  if (namespace === undefined) fail(cursor, `undeclared namespace prefix "${prefix}"`);
  const element: XmlElement = { namespace, name: local, children: [], text: '' };
  top?.element.children.push(element);
  if (!selfClosing) {
    if (stack.length >= MAX_XML_DEPTH) fail(cursor, `elements nested deeper than ${MAX_XML_DEPTH}`);
    stack.push({ element, qname, scope });
  }
  return element;
}

function closeTag(cursor: Cursor, stack: Frame[]): void {
  cursor.at += 2;
  const qname = readName(cursor);
  skipSpace(cursor);
  if (!cursor.source.startsWith('>', cursor.at)) fail(cursor, `malformed end tag </${qname}>`);
  cursor.at += 1;
  const frame = stack.pop();
  if (frame?.qname !== qname) fail(cursor, `</${qname}> does not close <${frame?.qname ?? '(nothing)'}>`);
}

function readAttributes(cursor: Cursor): Map<string, string> {
  const attributes = new Map<string, string>();
  for (;;) {
    const before = cursor.at;
    skipSpace(cursor);
    const next = cursor.source[cursor.at];
    if (next === '>' || next === '/' || next === undefined) return attributes;
    if (cursor.at === before) fail(cursor, 'attributes must be separated by white space');
    const name = readName(cursor);
    skipSpace(cursor);
    if (cursor.source[cursor.at] !== '=') fail(cursor, `attribute ${name} has no value`);
    cursor.at += 1;
    skipSpace(cursor);
    if (attributes.has(name)) fail(cursor, `duplicate attribute ${name}`);
    attributes.set(name, readQuoted(cursor));
  }
}

function readQuoted(cursor: Cursor): string {
  const quote = cursor.source[cursor.at];
  if (quote !== '"' && quote !== "'") fail(cursor, 'attribute value not quoted');
  const end = cursor.source.indexOf(quote, cursor.at + 1);
  if (end < 0) fail(cursor, 'unterminated attribute value');
  const raw = cursor.source.slice(cursor.at + 1, end);
  if (raw.includes('<')) fail(cursor, '"<" inside an attribute value');
  const value = decodeEntities(cursor, raw);
  cursor.at = end + 1;
  return value;
}

function declareNamespaces(cursor: Cursor, parent: ReadonlyMap<string, string>, attributes: Map<string, string>): ReadonlyMap<string, string> {
  let scope: Map<string, string> | undefined;
  for (const [name, value] of attributes) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    const prefix = name === 'xmlns' ? '' : name.slice(6);
    if (prefix !== '' && value === '') fail(cursor, `namespace prefix "${prefix}" bound to nothing`);
    scope ??= new Map(parent);
    scope.set(prefix, value);
  }
  return scope ?? parent;
}

function readText(cursor: Cursor, top: Frame | undefined): void {
  const end = cursor.source.indexOf('<', cursor.at);
  const stop = end < 0 ? cursor.source.length : end;
  const raw = cursor.source.slice(cursor.at, stop);
  if (top === undefined) {
    if (raw.trim() !== '') fail(cursor, 'text outside the root element');
  } else {
    top.element.text += decodeEntities(cursor, raw);
  }
  cursor.at = stop;
}

function decodeEntities(cursor: Cursor, raw: string): string {
  if (!raw.includes('&')) return raw;
  let out = '';
  let from = 0;
  for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', from)) {
    ENTITY.lastIndex = amp;
    const match = ENTITY.exec(raw);
    if (match === null) fail(cursor, 'a "&" that starts no known entity');
    out += raw.slice(from, amp) + entityText(cursor, match);
    from = ENTITY.lastIndex;
  }
  return out + raw.slice(from);
}

function entityText(cursor: Cursor, match: RegExpExecArray): string {
  const [, named, decimal, hex] = match;
  if (named !== undefined) return PREDEFINED[named] ?? '';
  const code = decimal === undefined ? Number.parseInt(hex ?? '', 16) : Number.parseInt(decimal, 10);
  const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff));
  if (!allowed) fail(cursor, `character reference to U+${code.toString(16).toUpperCase()}`);
  return String.fromCodePoint(code);
}

function readName(cursor: Cursor): string {
  NAME.lastIndex = cursor.at;
  const match = NAME.exec(cursor.source);
  if (match === null) fail(cursor, 'a name was expected');
  cursor.at = NAME.lastIndex;
  return match[0];
}

function splitName(qname: string): { prefix: string; local: string } {
  const colon = qname.indexOf(':');
  return colon < 0 ? { prefix: '', local: qname } : { prefix: qname.slice(0, colon), local: qname.slice(colon + 1) };
}

function skipSpace(cursor: Cursor): void {
  SPACE.lastIndex = cursor.at;
  SPACE.exec(cursor.source);
  cursor.at = SPACE.lastIndex;
}

function skipPast(cursor: Cursor, terminator: string, what: string): void {
  const end = cursor.source.indexOf(terminator, cursor.at + 2);
  if (end < 0) fail(cursor, `unterminated ${what}`);
  cursor.at = end + terminator.length;
}

function fail(cursor: Cursor, problem: string): never {
  throw new CoreError('ERR_DESTINATION_FAILED', `The destination sent malformed XML: ${problem} at offset ${cursor.at}.`);
}
