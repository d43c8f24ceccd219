import { isCoreError } from '@tessera/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { childNamed, childrenNamed, MAX_XML_DEPTH, parseXml } from './xml.js';

const runs = process.env['SLOW'] ? 20_000 : 300;

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return isCoreError(error) ? error.code : `not a CoreError: ${String(error)}`;
  }
}

describe('parseXml', () => {
  it('resolves any prefix, and the default namespace, to the namespace URI', () => {
    for (const xml of [
      '<D:multistatus xmlns:D="DAV:"><D:response/></D:multistatus>',
      "<d:multistatus xmlns:d='DAV:'><d:response></d:response></d:multistatus>",
      '<multistatus xmlns="DAV:"><response/></multistatus>',
      '<x:multistatus xmlns:x="DAV:" xmlns="urn:other"><response xmlns="DAV:"/></x:multistatus>',
    ]) {
      const root = parseXml(xml);
      expect([root.namespace, root.name]).toEqual(['DAV:', 'multistatus']);
      expect(childrenNamed(root, 'response', 'DAV:')).toHaveLength(1);
    }
  });

  it('scopes declarations to their element and keeps unprefixed names in no namespace', () => {
    const root = parseXml('<a><b xmlns:p="urn:p"><p:c/></b><c/></a>');
    expect(root.namespace).toBe('');
    expect(childNamed(root, 'b')?.children[0]).toMatchObject({ namespace: 'urn:p', name: 'c' });
    expect(childNamed(root, 'c', '')).toBeDefined();
    expect(codeOf(() => parseXml('<a><b xmlns:p="urn:p"/><p:c/></a>'))).toBe('ERR_DESTINATION_FAILED');
  });

  it('decodes the predefined entities, character references and CDATA; skips comments and PIs', () => {
    const root = parseXml(
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment --><k a="&quot;x&quot;">a&lt;b&gt;c&amp;d&apos;&#233;&#x1F600;<![CDATA[<raw & "as is">]]><?pi x?></k>\n',
    );
    expect(root.text).toBe('a<b>c&d\'é😀<raw & "as is">');
  });

  it('collects text around child elements and keeps whitespace for the caller to judge', () => {
    const root = parseXml('<Key> two  spaces <i/>more</Key>');
    expect(root.text).toBe(' two  spaces more');
  });

  it.each([
    ['a document type declaration (no entity expansion, ever)', '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['a bare ampersand', '<a>fish & chips</a>'],
    ['a reference to NUL', '<a>&#0;</a>'],
    ['a reference to a surrogate', '<a>&#xD800;</a>'],
    ['mismatched tags', '<a><b></a></b>'],
    ['an unclosed element', '<a><b></b>'],
    ['a stray end tag', '</a>'],
    ['two roots', '<a/><b/>'],
    ['text outside the root', 'hello<a/>'],
    ['text after the root', '<a/>trailing'],
    ['no root at all', '<?xml version="1.0"?>'],
    ['an empty document', ''],
    ['an undeclared prefix', '<D:a/>'],
    ['an unbound prefix', '<p:a xmlns:p=""/>'],
    ['an unquoted attribute', '<a x=1/>'],
    ['a duplicate attribute', '<a x="1" x="2"/>'],
    ['attributes without a space between', '<a x="1"y="2"/>'],
    ['a "<" in an attribute', '<a x="<"/>'],
    ['an unterminated comment', '<a><!-- </a>'],
    ['an unterminated CDATA section', '<a><![CDATA[ </a>'],
    ['a malformed start tag', '<a <b/></a>'],
  ])('refuses %s with ERR_DESTINATION_FAILED', (_what, xml) => {
    expect(codeOf(() => parseXml(xml))).toBe('ERR_DESTINATION_FAILED');
  });

  it(`accepts nesting up to ${MAX_XML_DEPTH} levels and refuses deeper`, () => {
    const nest = (depth: number): string => '<a>'.repeat(depth) + '</a>'.repeat(depth);
    expect(() => parseXml(nest(MAX_XML_DEPTH))).not.toThrow();
    expect(codeOf(() => parseXml(nest(MAX_XML_DEPTH + 1)))).toBe('ERR_DESTINATION_FAILED');
  });

  it('throws nothing but ERR_DESTINATION_FAILED on arbitrary input (fuzz)', () => {
    const fragments = fc.constantFrom('<a>', '</a>', '<b/>', '<D:x xmlns:D="DAV:">', '</D:x>', '&amp;', '&', '<!--', '-->', '<![CDATA[', ']]>', '"', "'", '=', ' ', 'text', '<?x?>', '<!DOCTYPE');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(fragments).map((parts) => parts.join(''))), (text) => {
        const code = codeOf(() => parseXml(text));
        expect(code === undefined || code === 'ERR_DESTINATION_FAILED').toBe(true);
      }),
      { numRuns: runs },
    );
  });
});
