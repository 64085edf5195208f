import { describe, expect, it } from 'vitest';
import { checkAddresses, isAllowedUrl, isLinkable, judgeAddress, showAddress, urlSites } from '../../src/document/urls.ts';
import { parseMarkdown } from '../../src/document/parse-markdown.ts';
import { token } from '../../src/templating/tokens.ts';

describe('the addresses an edition may hold', () => {
  it('are http(s):, mailto:, tel: and #label, whatever their case', () => {
    for (const url of ['https://example.org', 'HTTP://example.org', 'mailto:hr@example.org', 'tel:01234 567890', '#clause-2-1', 'Https:odd']) expect(isAllowedUrl(url), url).toBe(true);
  });

  it('are nothing else: other schemes, relative paths, other hosts, UNC paths, spaces before a scheme', () => {
    for (const url of ['javascript:alert(1)', 'JaVaScRiPt:x', 'data:text/html,x', 'file:///etc/passwd', 'vbscript:x', 'ftp://x', 'policies/other.html', '../x', '/root', '//evil.example/x', '\\\\host\\share', ' javascript:x', 'java\tscript:x', '']) {
      expect(isAllowedUrl(url), JSON.stringify(url)).toBe(false);
    }
    expect(isLinkable('')).toBe(false);
    expect(isLinkable(undefined)).toBe(false);
    expect(isLinkable('#x')).toBe(true);
  });

  it('are judged by the policy’s own text where it decides, and by the values where they do', () => {
    const v = token('school.x');
    expect(judgeAddress('https://example.org/a')).toBe('allowed');
    expect(judgeAddress(`https://example.org/${v}`)).toBe('allowed');
    expect(judgeAddress(`mailto:${v}`)).toBe('allowed');
    expect(judgeAddress(`#${v}`)).toBe('allowed'); // a reference: its label is checked as one
    expect(judgeAddress('')).toBe('allowed'); // no address: a writer prints the text
    expect(judgeAddress(v)).toBe('values');
    expect(judgeAddress(`http${v}`)).toBe('values');
    expect(judgeAddress(`${v}/page`)).toBe('values');
    expect(judgeAddress(`javascript:${v}`)).toBe('refused');
    expect(judgeAddress(`//${v}`)).toBe('refused');
    expect(judgeAddress('relative.html')).toBe('refused');
    expect(showAddress(`javascript:${v}`)).toBe('javascript:{{school.x}}');
  });
});

describe('the addresses of a parsed policy', () => {
  const markdown = [
    '[inline](https://example.org) <https://example.org/auto> www.example.org [ref][d] ![img](https://example.org/i.png)',
    '',
    `[bad][e] ![pic](data:image/png,x) <javascript:alert(1)> [school](${token('school.url')})`,
    '',
    '[d]: https://example.org/d',
    '[e]: file:///etc/passwd',
    '',
  ].join('\n');
  const tree = parseMarkdown(markdown);

  it('are every link (autolinks too), image and link definition, in order', () => {
    expect(urlSites(tree).map((s) => `${s.kind} ${s.url}`)).toEqual([
      'link https://example.org', 'link https://example.org/auto', 'link http://www.example.org', 'image https://example.org/i.png',
      'image data:image/png,x', 'link javascript:alert(1)', `link ${token('school.url')}`,
      'definition https://example.org/d', 'definition file:///etc/passwd',
    ]);
  });

  it('are refused where the policy’s text refuses them, and left to each school’s values where those decide', () => {
    const { problems, decidedByValues } = checkAddresses(tree, markdown);
    expect(problems).toEqual([
      { message: 'image from `data:image/png,x` is not allowed', needle: 'data:image/png,x', hint: 'links may be http(s):, mailto:, tel: or #label' },
      { message: 'link to `javascript:alert(1)` is not allowed', needle: 'javascript:alert(1)', hint: 'links may be http(s):, mailto:, tel: or #label' },
      { message: 'link definition to `file:///etc/passwd` is not allowed', needle: 'file:///etc/passwd', hint: 'links may be http(s):, mailto:, tel: or #label' },
    ]);
    expect(decidedByValues).toEqual([{ kind: 'link', url: token('school.url') }]);
  });
});
