import { describe, expect, it } from 'vitest';
import type { Link, List, ListItem, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { numberClauses } from '../../src/document/number-clauses.ts';
import { parseMarkdown } from '../../src/document/parse-markdown.ts';
import { resolveReferences } from '../../src/document/resolve-references.ts';
import { tableOfContents } from '../../src/document/toc.ts';
import { checkAddresses } from '../../src/document/urls.ts';

function structure(markdown: string) {
  const tree = parseMarkdown(markdown);
  const { targets, problems } = numberClauses(tree);
  problems.push(...resolveReferences(tree, targets), ...checkAddresses(tree).problems);
  return { tree, targets, problems };
}

const markers = (tree: Root) => {
  const out: string[] = [];
  const walk = (node: any) => {
    if (node.data?.marker) out.push(node.data.marker);
    for (const c of node.children ?? []) walk(c);
  };
  walk(tree);
  return out;
};

describe('numbering', () => {
  it('numbers sections, and clauses across every ordered list of a section', () => {
    const { tree } = structure('# One\n\n1. a\n1. b\n\nloose text\n\n3. c\n\n# Two\n\n7. d\n');
    expect(markers(tree)).toEqual(['1.', '1.1', '1.2', '1.3', '2.', '2.1']);
  });

  it('counts an ordered list inside a clause in upper-case roman numerals, and one inside that (a), (b)', () => {
    const items = Array.from({ length: 16 }, (_, i) => `   1. item ${i + 1}\n`).join('');
    const { tree } = structure(`# S\n\n1. lead\n\n${items}\n      1. deep\n      1. deeper\n`);
    const m = markers(tree);
    expect(m.slice(0, 3)).toEqual(['1.', '1.1', 'I.']);
    expect(m).toContain('XVI.');
    expect(m).toContain('(a)');
    expect(m).toContain('(b)');
  });

  it('leaves unnumbered sections and content before the first section alone', () => {
    const { tree } = structure('1. intro list\n\n# Contacts {-}\n\n1. not a clause\n\n# Real\n\n1. clause\n');
    expect(markers(tree)).toEqual(['1.', '1.1']);
    expect((tree.children[1] as any).data.anchor).toBe('section-contacts');
  });

  it('gives every clause an anchor and lists them in the table of contents', () => {
    const { tree } = structure('# A\n\n1. x\n1. y\n\n# B\n\n1. z\n');
    const items = (tree.children[1] as List).children as ListItem[];
    expect(items.map((i) => i.data?.anchor)).toEqual(['clause-1-1', 'clause-1-2']);
    expect(tableOfContents(tree)).toEqual([
      { marker: '1.', anchor: 'section-1', text: 'A', clauses: [{ marker: '1.1', anchor: 'clause-1-1' }, { marker: '1.2', anchor: 'clause-1-2' }] },
      { marker: '2.', anchor: 'section-2', text: 'B', clauses: [{ marker: '2.1', anchor: 'clause-2-1' }] },
    ]);
  });
});

describe('cross-references', () => {
  it('prints the number of a labelled clause and follows it when it moves', () => {
    const before = structure('# A\n\n1. {#who} Who.\n\n# B\n\n1. See paragraph [](#who).\n');
    const after = structure('# A\n\n1. New first clause.\n1. {#who} Who.\n\n# B\n\n1. See paragraph [](#who).\n');
    const link = (tree: Root) => {
      let found: [string, string] | undefined;
      visit(tree, 'link', (l: Link) => {
        found = [l.url, (l.children[0] as { value: string }).value];
      });
      return found;
    };
    expect(link(before.tree)).toEqual(['#clause-1-1', '1.1']);
    expect(link(after.tree)).toEqual(['#clause-1-2', '1.2']);
    expect(JSON.stringify(after.tree)).not.toContain('{#who}');
  });

  it('references sections and roman items too', () => {
    const { targets } = structure('# Scope {#scope}\n\n1. lead\n\n   1. first\n   1. {#second} second\n');
    expect(targets.get('scope')).toEqual({ text: '1', anchor: 'section-1' });
    expect(targets.get('second')).toEqual({ text: '1.1(II)', anchor: 'clause-1-1-ii' });
  });

  it('reports a reference to a missing label, with a suggestion', () => {
    const { problems } = structure('# A\n\n1. {#staff-members} x\n1. see [](#staff-member)\n');
    expect(problems).toEqual([{ message: 'reference to unknown label `staff-member`', needle: '(#staff-member)', hint: 'did you mean `#staff-members`?' }]);
  });

  it('reports duplicate labels and unsafe link schemes', () => {
    const { problems } = structure('# A\n\n1. {#x} one\n1. {#x} two [click](javascript:alert(1)) [d](data:text/html,hi)\n');
    expect(problems.map((p) => p.message)).toEqual([
      'label `x` is used twice',
      'link to `javascript:alert(1)` is not allowed',
      'link to `data:text/html,hi` is not allowed',
    ]);
  });
});

describe('anchors', () => {
  it('are unique: two headings with the same text get their own, and a reference reaches the second', () => {
    const { tree, targets, problems } = structure('# A\n\n## Notes {#first-notes}\n\n1. x\n\n## Notes {#second-notes}\n\n1. y\n\n## Notes\n\n# B\n\n1. See [](#second-notes).\n');
    expect(problems).toEqual([]);
    const anchors = tree.children.filter((n) => n.type === 'heading').map((n) => n.data?.anchor);
    expect(anchors).toEqual(['section-1', 'heading-notes', 'heading-notes-2', 'heading-notes-3', 'section-2']);
    expect(targets.get('second-notes')).toEqual({ text: 'Notes', anchor: 'heading-notes-2' });
    let url = '';
    visit(tree, 'link', (l: Link) => {
      url = l.url;
    });
    expect(url).toBe('#heading-notes-2');
  });

  it('never take an anchor a number has, whichever comes first', () => {
    const { tree } = structure('# 2 {-}\n\n# One\n\n1. x\n\n# Two\n\n## Clause 1 1\n\n## clause-1-1\n');
    const anchors: string[] = [];
    visit(tree, (n) => {
      const a = (n.data as { anchor?: string } | undefined)?.anchor;
      if (a) anchors.push(a);
    });
    expect(anchors).toEqual(['section-2-2', 'section-1', 'clause-1-1', 'section-2', 'heading-clause-1-1', 'heading-clause-1-1-2']);
    expect(new Set(anchors).size).toBe(anchors.length);
  });
});

describe('heading attributes', () => {
  const heading = (markdown: string) => {
    const { tree, targets, problems } = structure(markdown);
    const h = tree.children.find((n) => n.type === 'heading')!;
    return { text: JSON.stringify(h).match(/"value":"([^"]*)"/)?.[1], data: h.data, targets, problems };
  };

  it('make a heading unnumbered and labelled in either order, as two groups or one', () => {
    for (const written of ['{-} {#contacts}', '{#contacts} {-}', '{#contacts -}', '{- #contacts}', '{.unnumbered} {#contacts}', '{#contacts .unnumbered}']) {
      const { text, data, targets, problems } = heading(`# Contacts ${written}\n\n# Two\n\n1. See [](#contacts).\n`);
      expect(problems, written).toEqual([]);
      expect(text, written).toBe('Contacts');
      expect(data?.marker, written).toBeUndefined();
      expect(targets.get('contacts'), written).toEqual({ text: 'Contacts', anchor: 'section-contacts' });
    }
  });

  it('number a labelled heading as before', () => {
    const { text, data, targets } = heading('# Scope {#scope}\n');
    expect([text, data?.marker, targets.get('scope')]).toEqual(['Scope', '1.', { text: '1', anchor: 'section-1' }]);
  });

  it('are an error when they are anything else, and are never printed', () => {
    const { text, problems } = heading('# Contacts {-} {colour=red}\n');
    expect(text).toBe('Contacts');
    expect(problems).toEqual([expect.objectContaining({ message: 'unknown heading attribute `{colour=red}`', needle: '{colour=red}' })]);
    expect(heading('# Contacts {#a} {#b}\n').problems.map((p) => p.message)).toEqual(['a heading has one label, not several (`{#a}`)']);
    expect(heading('# Contacts {}\n').problems.map((p) => p.needle)).toEqual(['{}']);
  });

  it('a `{…}` at the start of a clause that is not a label is an error, and is not printed', () => {
    const { tree, problems } = structure('# A\n\n1. {-} A clause.\n1. {#ok} Fine.\n');
    expect(problems).toEqual([expect.objectContaining({ message: '`{-}` at the start of a clause is not a label', needle: '{-}' })]);
    expect(JSON.stringify(tree)).not.toContain('{-}');
  });
});

describe('numbering: decimal', () => {
  const decimal = (markdown: string) => {
    const tree = parseMarkdown(markdown);
    const { targets, problems } = numberClauses(tree, { numbering: 'decimal' });
    problems.push(...resolveReferences(tree, targets));
    return { tree, targets, problems };
  };
  const body = '# One\n\n1. lead\n\n# Two\n\n1. first\n\n   1. {#sub} sub one\n   1. sub two\n\n      1. {#deep} deep\n\n1. See [](#sub) and [](#deep).\n';

  it('numbers a clause’s list 2.1.1, 2.1.2 and the list inside that (a), (b)', () => {
    const { tree, targets, problems } = decimal(body);
    expect(problems).toEqual([]);
    expect(markers(tree)).toEqual(['1.', '1.1', '2.', '2.1', '2.1.1', '2.1.2', '(a)', '2.2']);
    expect(targets.get('sub')).toEqual({ text: '2.1.1', anchor: 'clause-2-1-1' });
    expect(targets.get('deep')).toEqual({ text: '2.1.2(a)', anchor: 'clause-2-1-2-a' });
    const lists: string[] = [];
    visit(tree, 'list', (l: List) => {
      lists.push(l.data!.kind!);
    });
    expect(lists).toEqual(['clauses', 'clauses', 'decimal', 'alpha']);
    const texts: string[] = [];
    visit(tree, 'link', (l: Link) => {
      texts.push(`${(l.children[0] as { value: string }).value} ${l.url}`);
    });
    expect(texts).toEqual(['2.1.1 #clause-2-1-1', '2.1.2(a) #clause-2-1-2-a']);
  });

  it('is roman when not asked for, as ever', () => {
    const { tree } = structure(body);
    expect(markers(tree)).toEqual(['1.', '1.1', '2.', '2.1', 'I.', 'II.', '(a)', '2.2']);
  });
});

describe('a typed number at the start of a clause', () => {
  it('is a warning with the number to remove, for each form', () => {
    for (const typed of ['2.1', '2.1.3', 'IV.', '(a)', '(iv)', '3.5']) {
      const { problems } = structure(`# A\n\n1. Lead.\n\n   1. ${typed} A clause\n`);
      expect(problems, typed).toEqual([{ severity: 'warning', message: `the clause starts with a typed number \`${typed}\`, printed after its own I.`, needle: `${typed} A clause`, hint: `the number is computed: remove the typed \`${typed}\`` }]);
    }
    expect(structure('# A\n\n1. 2.1 Pasted\n').problems.map((p) => p.message)).toEqual(['the clause starts with a typed number `2.1`, printed after its own 1.1']);
  });

  it('is a warning too when Markdown reads it as a list inside the clause (`1. 3) A clause`, `1. 1. A clause`)', () => {
    for (const [typed, n] of [['3)', '3'], ['1.', '1']] as const) {
      const { problems } = structure(`# A\n\n1. ${typed} A clause\n`);
      expect(problems, typed).toEqual([{ severity: 'warning', message: `the clause starts with a typed number \`${n}\`, which makes a list inside it`, needle: 'A clause', hint: `the number is computed: remove the typed \`${n}\`` }]);
    }
    expect(structure('# A\n\n1. Lead.\n\n   1. Sub.\n').problems).toEqual([]);
  });

  it('is not a number in the text of a clause, a label, or a bullet', () => {
    for (const text of ['1. 21 days', '1. {#x} Within 2 weeks', '1. Section 2.1 applies', '1. I am', '- 2.1 A bullet']) {
      expect(structure(`# A\n\n${text}\n`).problems, text).toEqual([]);
    }
  });
});
