import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.ts';
import { EditionMaker } from '../../src/document/edition-maker.ts';
import { parsePolicy } from '../../src/sources/read-policy.ts';
import { Templating } from '../../src/templating/engine.ts';
import { REPO } from '../helpers/project.ts';
import { frontMatter, school } from '../writers/build.ts';

const templating = await Templating.load(`${REPO}/templates`);

function maker(body: string, configTexts?: Map<string, string>): EditionMaker {
  const parsed = parsePolicy(frontMatter() + body, 'policies/t.md', 't');
  const compiled = templating.compile(parsed.policy!);
  if (!compiled.compiled) throw new Error(JSON.stringify(compiled.diagnostics));
  return new EditionMaker(compiled.compiled, configTexts ? { configTexts } : {});
}

// frontMatter() takes 8 lines and a blank one: a policy's body starts on line 10.
const BODY_LINE = 10;

describe('addresses an author writes', () => {
  it('are refused, every kind, each at its own line and column (a link written with escapes, at the link), and no edition is made', () => {
    const body = [
      '# One',
      '',
      '1. A [reference][bad] and a [good one][good].',
      '1. [A relative page](policies/other.html) and [a UNC path](\\\\\\\\host\\\\share) and [another host](//evil.example/x).',
      '1. ![A picture](data:image/png;base64,AAAA) and <file:///etc/passwd> and [mixed](javascript:{{school.name}}).',
      '',
      '[bad]: javascript:alert(1)',
      '[good]: https://example.org/',
      '[unused]: vbscript:x',
      '',
    ].join('\n');
    const made = maker(body).tokenized(school());
    expect(made.edition).toBeUndefined();
    expect(made.diagnostics.map(formatDiagnostic)).toEqual([
      `policies/t.md:${BODY_LINE + 3}:22: error: link to \`policies/other.html\` is not allowed (links may be http(s):, mailto:, tel: or #label)`,
      `policies/t.md:${BODY_LINE + 3}:47: error: link to \`\\\\host\\share\` is not allowed (links may be http(s):, mailto:, tel: or #label)`,
      `policies/t.md:${BODY_LINE + 3}:96: error: link to \`//evil.example/x\` is not allowed (links may be http(s):, mailto:, tel: or #label)`,
      `policies/t.md:${BODY_LINE + 4}:17: error: image from \`data:image/png;base64,AAAA\` is not allowed (links may be http(s):, mailto:, tel: or #label)`,
      `policies/t.md:${BODY_LINE + 4}:50: error: link to \`file:///etc/passwd\` is not allowed (links may be http(s):, mailto:, tel: or #label)`,
      `policies/t.md:${BODY_LINE + 4}:82: error: link to \`javascript:{{school.name}}\` is not allowed (links may be http(s):, mailto:, tel: or #label)`,
      `policies/t.md:${BODY_LINE + 6}:8: error: link definition to \`javascript:alert(1)\` is not allowed (links may be http(s):, mailto:, tel: or #label)`,
      `policies/t.md:${BODY_LINE + 8}:11: error: link definition to \`vbscript:x\` is not allowed (links may be http(s):, mailto:, tel: or #label)`,
    ]);
  });

  it('resolve a definition that points at a label, as a link does', () => {
    const made = maker('# One\n\n1. {#who} Who.\n1. See [the scope][s].\n\n[s]: #who\n').build(school());
    expect(JSON.stringify(made.edition!.tree)).toContain('"url":"#clause-1-1"');
  });
});

describe('addresses a school’s values make', () => {
  const body = '# One\n\n1. Visit [our authority]({{school.la.name}}), ![the crest]({{school.governingBody}}) and [the board][b].\n\n[b]: {{school.hr.name}}\n';
  const bad = school({ file: 'schools/bad.yaml', id: 'bad', la: { name: 'javascript:alert(1)' }, governingBody: 'data:text/html,x', hr: { name: '\\\\host\\share', address: [], contacts: [] } });

  it('are allowed when they are allowed', () => {
    const made = maker(body).tokenized(school({ la: { name: 'https://example.org/la' }, governingBody: 'https://example.org/c.png', hr: { name: 'mailto:hr@example.org', address: [], contacts: [] } }));
    expect(made.diagnostics).toEqual([]);
    expect(made.edition).toBeDefined();
  });

  it('are refused at the value in the school’s config (or the LA defaults), and that edition is not made', () => {
    const texts = new Map([
      ['schools/bad.yaml', 'name: Bad School\nla:\n  name: javascript:alert(1)\ngoverningBody: data:text/html,x\n'],
      ['schools/_defaults.yaml', 'hr:\n  name: \\\\host\\share\n'],
    ]);
    const made = maker(body, texts).tokenized(bad);
    expect(made.edition).toBeUndefined();
    expect(made.diagnostics.map(formatDiagnostic)).toEqual([
      'schools/bad.yaml:3:9: error: link to `javascript:alert(1)` is not allowed: it is `la.name` of school `bad`, which policies/t.md uses as an address (links may be http(s):, mailto:, tel: or #label)',
      'schools/bad.yaml:4:16: error: image from `data:text/html,x` is not allowed: it is `governingBody` of school `bad`, which policies/t.md uses as an address (links may be http(s):, mailto:, tel: or #label)',
      'schools/_defaults.yaml:2:9: error: link definition to `\\\\host\\share` is not allowed: it is `hr.name` of school `bad`, which policies/t.md uses as an address (links may be http(s):, mailto:, tel: or #label)',
    ]);
  });

  it('without the configs’ texts, are refused at the top of the school’s file, naming the key', () => {
    const made = maker(body).tokenized(bad);
    expect(made.edition).toBeUndefined();
    expect(made.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual(['schools/bad.yaml:1:1', 'schools/bad.yaml:1:1', 'schools/bad.yaml:1:1']);
    expect(made.diagnostics[0]!.message).toContain('`la.name` of school `bad`');
  });

  it('are checked for every school of one shape, not once per shape', () => {
    const m = maker(body);
    expect(m.tokenized(school({ la: { name: 'https://example.org/' }, governingBody: 'https://example.org/c.png', hr: { name: 'tel:01234', address: [], contacts: [] } })).edition).toBeDefined();
    expect(m.tokenized(bad).edition).toBeUndefined();
    expect(m.parses).toBe(1);
  });

  it('name where a value came from: a list item, an entry of the legislation register, a relative path made of the school id', () => {
    const m = maker('# One\n\n{{#each school.usefulContacts}}\n1. [{{label}}]({{label}})\n{{/each}}\n1. [Our page]({{school.id}})\n');
    const made = m.tokenized(school({ id: 'bad', file: 'schools/bad.yaml', usefulContacts: [{ label: 'Fine', url: 'https://example.org' }] }));
    expect(made.diagnostics.map((d) => d.message)).toEqual([
      'link to `Fine` is not allowed: it is `usefulContacts.0.label` of school `bad`, which policies/t.md uses as an address',
      'link to `bad` is not allowed: it is the id of school `bad` (its file name), which policies/t.md uses as an address',
    ]);
  });
});
