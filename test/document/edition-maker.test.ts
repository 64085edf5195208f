import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.ts';
import { EditionMaker } from '../../src/document/edition-maker.ts';
import { FIGURE_HINT } from '../../src/document/figures.ts';
import { parsePolicy } from '../../src/sources/read-policy.ts';
import { Templating } from '../../src/templating/engine.ts';
import type { Root } from 'mdast';
import { DEFAULT_STYLE } from '../../src/document/house-style.ts';
import type { HouseStyle } from '../../src/document/types.ts';
import { REPO } from '../helpers/project.ts';
import { frontMatter, school } from '../writers/build.ts';

const templating = await Templating.load(`${REPO}/templates`);

function maker(body: string, configTexts?: Map<string, string>): EditionMaker {
  const parsed = parsePolicy(frontMatter() + body, 'policies/t.md', 't');
  const compiled = templating.compile(parsed.policy!);
  if (!compiled.compiled) throw new Error(JSON.stringify(compiled.diagnostics));
  return new EditionMaker(compiled.compiled, configTexts ? { configTexts } : {});
}

const FIGURES = new Map([
  ['figures/flow.svg', { mime: 'image/svg+xml' as const, width: 400, height: 300, base64: Buffer.from('<svg viewBox="0 0 400 300"/>').toString('base64') }],
  ['figures/other.svg', { mime: 'image/svg+xml' as const, width: 10, height: 10, base64: 'b3RoZXI=' }],
  ['figures/la-logo.png', { mime: 'image/png' as const, width: 64, height: 32, base64: 'bG9nbw==' }],
]);

/** A maker for a policy whose front matter has these further fields (numbering, contents, history), read as PolicyMeta will have them. */
function makerWith(body: string, meta: Record<string, unknown> = {}, options: ConstructorParameters<typeof EditionMaker>[1] = {}): EditionMaker {
  const parsed = parsePolicy(frontMatter() + body, 'policies/t.md', 't');
  Object.assign(parsed.policy!.meta, meta);
  const compiled = templating.compile(parsed.policy!);
  if (!compiled.compiled) throw new Error(JSON.stringify(compiled.diagnostics));
  return new EditionMaker(compiled.compiled, options);
}

const types = (tree: Root) => tree.children.map((n) => n.type);

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
      `policies/t.md:${BODY_LINE + 4}:4: error: image from \`data:image/png;base64,AAAA\` is not allowed: an edition shows only figures from policies/figures (${FIGURE_HINT})`,
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
  const body = '# One\n\n1. Visit [our authority]({{school.la.name}}), [the crest]({{school.governingBody}}) and [the board][b].\n\n[b]: {{school.hr.name}}\n';
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
      'schools/bad.yaml:4:16: error: link to `data:text/html,x` is not allowed: it is `governingBody` of school `bad`, which policies/t.md uses as an address (links may be http(s):, mailto:, tel: or #label)',
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

describe('{{br}}', () => {
  it('is a line break mid-line, at a line’s end and in a table cell, never a backslash', () => {
    const made = maker('# One\n\nFirst{{br}}second {{school.name}}{{br}}\nthird\n\n| Who | Where |\n| --- | --- |\n| {{school.name}} | 1 Road{{br}}Town |\n').build(school());
    expect(made.diagnostics).toEqual([]);
    const json = JSON.stringify(made.edition!.tree);
    expect(json).not.toMatch(/\\\\|\\u[eE]00[23]|[\uE002\uE003]/);
    expect(json).toContain('{"type":"text","value":"First"},{"type":"break"},{"type":"text","value":"second ');
    expect(json).toContain('{"type":"text","value":"1 Road"},{"type":"break"},{"type":"text","value":"Town"}');
    expect(json).toMatch(/\{"type":"break"\},\{"type":"text","value":"third"\}/);
  });
});

describe('numbering: decimal', () => {
  it('numbers a clause’s list 2.1.1 and references print 2.1.1, 2.1.1(a)', () => {
    const made = makerWith('# A\n\n1. Lead.\n\n# B\n\n1. Clause.\n\n   1. {#sub} Sub.\n\n      1. {#deep} Deep.\n\n1. See [](#sub) and [](#deep).\n', { numbering: 'decimal' }).build(school());
    expect(made.diagnostics).toEqual([]);
    const json = JSON.stringify(made.edition!.tree);
    expect(json).toContain('"kind":"decimal"');
    expect(json).toContain('"marker":"2.1.1","anchor":"clause-2-1-1"');
    expect(json).toContain('"marker":"(a)","anchor":"clause-2-1-1-a"');
    expect(json).toContain('"url":"#clause-2-1-1","children":[{"type":"text","value":"2.1.1"}]');
    expect(json).toContain('"url":"#clause-2-1-1-a","children":[{"type":"text","value":"2.1.1(a)"}]');
  });
});

describe('warnings', () => {
  it('a typed number is a warning at its line and column; the edition is made, and schools of one shape hear it once', () => {
    const m = makerWith('# A\n\n1. 2.1 A pasted clause\n');
    const first = m.tokenized(school());
    expect(first.edition).toBeDefined();
    expect(first.diagnostics.map(formatDiagnostic)).toEqual([
      `policies/t.md:${BODY_LINE + 2}:4: warning: the clause starts with a typed number \`2.1\`, printed after its own 1.1 (the number is computed: remove the typed \`2.1\`)`,
    ]);
    const second = m.tokenized(school({ id: 'other', name: 'Other School' }));
    expect(second.edition).toBeDefined();
    expect(second.diagnostics).toEqual([]);
  });

  it('come with the errors of the same shape, in the order they are written', () => {
    const made = makerWith('# A {x}\n\n1. (a) Typed.\n').tokenized(school());
    expect(made.edition).toBeUndefined();
    expect(made.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity}`)).toEqual([`${BODY_LINE}:5 error`, `${BODY_LINE + 2}:4 warning`]);
  });
});

describe('heading attributes', () => {
  it('`{-} {#label}` in either order is unnumbered and labelled; anything else left is an error at it, never printed', () => {
    const good = makerWith('# Contacts {-} {#contacts}\n\n# Roles {#roles} {-}\n\n# One\n\n1. See [](#contacts) and [](#roles).\n').build(school());
    expect(good.diagnostics).toEqual([]);
    const json = JSON.stringify(good.edition!.tree);
    expect(json).not.toMatch(/\{-\}|\{#/);
    expect(json).toContain('"url":"#section-contacts","children":[{"type":"text","value":"Contacts"}]');
    const bad = makerWith('# Contacts {-} {.red}\n').build(school());
    expect(bad.edition).toBeUndefined();
    expect(bad.diagnostics.map(formatDiagnostic)).toEqual([expect.stringMatching(new RegExp(`^policies/t.md:${BODY_LINE}:16: error: unknown heading attribute \`\\{\\.red\\}\``))]);
  });
});

describe('tables', () => {
  it('take a `Table:` caption, and every table is named', () => {
    const made = makerWith('# A\n\nTable: Who to call\n\n| Name | Role |\n| --- | --- |\n| A | B |\n\n{{> hr-contacts}}\n').build(school());
    const tables = made.edition!.tree.children.filter((n) => n.type === 'table');
    expect(tables.map((t) => t.data)).toEqual([{ caption: 'Who to call', name: 'Who to call' }, { name: 'Name, Role, Telephone and Email' }]);
    expect(JSON.stringify(made.edition!.tree)).not.toContain('Table:');
  });
});

describe('contents and document control', () => {
  const history = [
    { version: '1.0', date: '2025-09-01', summary: 'First issue', approvedBy: 'Schools HR' },
    { version: '2.0', date: '2026-09-01', summary: 'Decimal numbering', approvedBy: 'JCC' },
  ];

  it('come after the edition block, the history first, when the front matter asks for them', () => {
    const made = makerWith('# A\n\n1. x\n', { contents: true, history }).build(school());
    const tree = made.edition!.tree;
    expect(types(tree)).toEqual(['editionBlock', 'historyBlock', 'contentsBlock', 'heading', 'list', 'signatureBlock']);
    expect(tree.children[1]).toEqual({ type: 'historyBlock', entries: [
      { version: '1.0', date: '2025-09-01', dateText: '1 September 2025', summary: 'First issue', approvedBy: 'Schools HR' },
      { version: '2.0', date: '2026-09-01', dateText: '1 September 2026', summary: 'Decimal numbering', approvedBy: 'JCC' },
    ] });
    expect(types(makerWith('# A\n\n1. x\n').build(school()).edition!.tree)).toEqual(['editionBlock', 'heading', 'list', 'signatureBlock']);
  });

  it('stand where {{contents}} and {{document-control}} place them', () => {
    const tree = makerWith('{{edition-block}}\n\n# A\n\n1. x\n\n{{contents}}\n\n# B\n\n{{document-control}}\n', { contents: true, history }).build(school()).edition!.tree;
    expect(types(tree)).toEqual(['editionBlock', 'heading', 'list', 'contentsBlock', 'heading', 'historyBlock', 'signatureBlock']);
  });

  it('{{document-control}} without a history is an error at it', () => {
    const made = makerWith('# A\n\n{{document-control}}\n').build(school());
    expect(made.diagnostics.map(formatDiagnostic)).toEqual([
      `policies/t.md:${BODY_LINE + 2}:1: error: \`{{document-control}}\` needs a \`history:\` in the front matter (list the versions under \`history:\` (version, date, summary, approved-by), or remove the placeholder)`,
    ]);
  });
});

describe('figures and the house style', () => {
  const style = (s: HouseStyle) => ({ style: s }) as object;

  it('an edition embeds the figures it shows and the logo, and no other, and carries the house style', () => {
    const m = makerWith('# A\n\n![How it flows](figures/flow.svg "Figure 1")\n', {}, { figures: FIGURES });
    const made = m.tokenized(school(style({ accent: '#003366', font: 'Liberation Sans', logo: 'figures/la-logo.png' })));
    expect(made.diagnostics).toEqual([]);
    expect(Object.keys(made.edition!.assets).sort()).toEqual(['figures/flow.svg', 'figures/la-logo.png']);
    expect(made.edition!.assets['figures/flow.svg']).toEqual(FIGURES.get('figures/flow.svg'));
    expect(made.edition!.meta.style).toEqual({ accent: '#003366', font: 'Liberation Sans', logo: 'figures/la-logo.png' });
    expect(JSON.stringify(m.build(school()).edition!.tree)).toContain('{"type":"figure","file":"figures/flow.svg","alt":"How it flows","caption":"Figure 1"}');
    const plain = m.tokenized(school());
    expect(Object.keys(plain.edition!.assets)).toEqual(['figures/flow.svg']);
    expect(plain.edition!.meta.style).toEqual(DEFAULT_STYLE);
    // What is posted to a writer thread survives a structured clone as it is.
    expect(structuredClone(made.edition)).toEqual(made.edition);
  });

  it('a value in a figure’s alternative text or caption, or a table’s caption, is isolated like any shown text', () => {
    const made = makerWith('# A\n\n![{{school.name}}](figures/flow.svg "The {{school.name}} flow")\n\nTable: Staff of {{school.name}}\n\n| A |\n| --- |\n| 1 |\n', {}, { figures: FIGURES }).build(school({ name: 'שלום' }));
    const json = JSON.stringify(made.edition!.tree);
    expect(json).toContain('"alt":"\u2068שלום\u2069","caption":"The \u2068שלום\u2069 flow"');
    expect(json).toContain('"caption":"Staff of \u2068שלום\u2069"');
  });

  it('a missing figure is an error at the image, with the nearest name', () => {
    const made = makerWith('# A\n\n![How it flows](figures/flows.svg)\n', {}, { figures: FIGURES }).tokenized(school());
    expect(made.diagnostics.map(formatDiagnostic)).toEqual([
      `policies/t.md:${BODY_LINE + 2}:1: error: figure \`figures/flows.svg\` is not in policies/figures (did you mean \`figures/flow.svg\`?)`,
    ]);
  });

  it('a logo that is not among the figures is an error at the config’s `style.logo`', () => {
    const texts = new Map([['schools/_defaults.yaml', 'style:\n  accent: "#1d4f91"\n  font: Liberation Sans\n  logo: figures/la-logo.svg\n']]);
    const made = makerWith('# A\n', {}, { figures: FIGURES, configTexts: texts }).tokenized(school(style({ accent: '#1d4f91', font: 'Liberation Sans', logo: 'figures/la-logo.svg' })));
    expect(made.edition).toBeUndefined();
    expect(made.diagnostics.map(formatDiagnostic)).toEqual([
      "schools/_defaults.yaml:4:9: error: the house style's logo `figures/la-logo.svg` is not in policies/figures (did you mean `figures/la-logo.png`?)",
    ]);
  });
});

describe('a value a school in a trust has not got', () => {
  it('is an error whose hint names the school\'s file, its trust\'s and the LA defaults', () => {
    const academy = school({ id: 'academy', file: 'schools/academy.yaml', trust: { id: 'oak-trust', name: 'Oak Trust' }, hr: { address: [], contacts: [] } });
    const made = maker('# A\n\n1. Write to {{school.hr.email}}.\n').build(academy);
    expect(made.edition).toBeUndefined();
    expect(made.diagnostics.map(formatDiagnostic)).toEqual([
      `policies/t.md:${BODY_LINE + 2}:15: error: \`{{school.hr.email}}\` has no value for school \`academy\` (add it to schools/academy.yaml, to its trust's schools/_trusts/oak-trust.yaml or to the LA defaults, or wrap the placeholder in {{#if …}})`,
    ]);
  });
});
