import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { hasNonXml, xmlSafe, xmlText } from '../../../src/writers/docx/xml-text.ts';

/** Whether XML 1.0's Char production allows the code point. */
function xmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Any string, lone surrogates and control characters included. */
const anyText = fc.string({ unit: fc.oneof(fc.constantFrom('&', '<', '>', '"', "'", '\u0000', '\u000c', '\u001f', '\ufffe', '\uffff', '\ud800', '\udfff', '😀', 'é', '\t', '\n', '\r'), fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)), fc.integer({ min: 0x10000, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp))) });

describe('xmlText', () => {
  it('escapes the five characters XML gives meaning', () => {
    expect(xmlText('St Mary\'s & St John\'s <C of E> "Primary"')).toBe('St Mary&apos;s &amp; St John&apos;s &lt;C of E&gt; &quot;Primary&quot;');
  });

  it('never reads an entity twice: an & in the text is escaped even before what looks like an entity', () => {
    expect(xmlText('&amp; &lt; &#65;')).toBe('&amp;amp; &amp;lt; &amp;#65;');
  });

  it('drops the characters XML 1.0 cannot carry, and keeps tabs, newlines, emoji and right-to-left text', () => {
    expect(xmlText('a\u0000b\u000cc\u001fd\ufffee\uffff')).toBe('abcde');
    expect(xmlText('x\ud800y\udc00z')).toBe('xyz'); // lone surrogates
    expect(xmlText('tab\tline\nreturn\r😀 שלום Cymraeg ŵ')).toBe('tab\tline\nreturn\r😀 שלום Cymraeg ŵ');
  });

  it('is well-formed as character data and as an attribute value, and reads back as the text minus what XML cannot carry', () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', processEntities: true, trimValues: false, parseTagValue: false, parseAttributeValue: false });
    fc.assert(
      fc.property(anyText, (text) => {
        const escaped = xmlText(text);
        const expected = [...text].filter((c) => xmlChar(c.codePointAt(0)!)).join('');
        expect(hasNonXml(escaped)).toBe(false);
        expect(escaped).not.toMatch(/[<>"']/);
        const doc = `<r a="${escaped}"><t>${escaped}</t></r>`;
        expect(XMLValidator.validate(doc)).toBe(true);
        const parsed = parser.parse(doc) as { r: { a: string; t: string | number } };
        // XML parsers normalise line ends; compare with \r\n and \r as \n, as XML 1.0 says they read
        const lines = (s: string) => s.replace(/\r\n?/g, '\n');
        if (expected !== '') expect(lines(String(parsed.r.t))).toBe(lines(expected));
      }),
      { numRuns: 300 },
    );
  });
});

describe('xmlSafe', () => {
  it('removes only what XML 1.0 cannot carry and escapes nothing', () => {
    expect(xmlSafe('a & <b>\u0007 "c"')).toBe('a & <b> "c"');
    expect(xmlSafe('')).toBe('');
  });

  it('keeps every character XML allows, and only those', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(xmlSafe(text)).toBe([...text].filter((c) => xmlChar(c.codePointAt(0)!)).join(''));
      }),
      { numRuns: 300 },
    );
  });
});

describe('hasNonXml', () => {
  it('finds a character XML 1.0 cannot carry', () => {
    expect(hasNonXml('form\u000cfeed')).toBe(true);
    expect(hasNonXml('\u0000')).toBe(true);
    expect(hasNonXml('\ud83d')).toBe(true);
    expect(hasNonXml('plain text & <markup> 😀\t\n')).toBe(false);
  });

  it('gives the same answer when asked twice (its pattern keeps no position between calls)', () => {
    for (let i = 0; i < 3; i++) {
      expect(hasNonXml('a\u0001')).toBe(true);
      expect(hasNonXml('\u0001b')).toBe(true);
    }
  });
});
