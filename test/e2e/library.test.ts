import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasClient, run } from '../helpers/clients.ts';
import { htmlText } from '../helpers/html-text.ts';
import { cli, scratchProject } from '../helpers/project.ts';
import { normalise, skeleton } from '../helpers/seed.ts';
import { pandocRead, pandocText } from '../writers/docx/pandoc-text.ts';

/**
 * The shipped library (issue 15): every model policy built for every shipped school in
 * HTML, DOCX and PDF, read back from the files a school would publish, with assertions on
 * their text: the title, a decimal sub-clause with its words, the school's own role names
 * (an academy's editions never say "Headteacher"; an LA school's never "Principal"), the
 * Welsh name with ŵ and ŷ intact, the document-control table, the contents list, a body
 * table's caption and a figure's caption and alternative text.
 */
const pandoc = hasClient('pandoc');
const poppler = hasClient('pdftotext', '-v');

interface PolicyExpectations {
  title: string;
  /** A decimal sub-clause: its printed number and the start of its text. */
  subClause: [string, string];
  /** Section headings that appear in the body only once: a second time is the contents entry. */
  contents: string[];
  /** Two rows of the document-control table: version and summary of change. */
  history: [string, string][];
  /** The caption of a body table. */
  caption: string;
  /** The figure's caption and the start of its alternative text. */
  figure: { caption: string; alt: string };
}

const POLICIES: Record<string, PolicyExpectations> = {
  whistleblowing: {
    title: 'Whistleblowing Policy for Staff in Schools',
    subClause: ['2.1.1', 'all employees of the school, whether permanent, temporary, full-time or part-time'],
    contents: ['Confidentiality and anonymity', 'Raising a concern outside the school'],
    history: [
      ['1.0', 'First model policy for schools, replacing the Council’s corporate whistleblowing policy for school staff'],
      ['3.0', 'Roles named by each school; decimal numbering; procedure flowchart and timescales table added'],
    ],
    caption: 'Who to raise a concern with',
    figure: { caption: 'Figure 1: Raising a concern and escalating it', alt: 'Flowchart of the whistleblowing procedure' },
  },
  'staff-code-of-conduct': {
    title: 'Staff Code of Conduct for Schools',
    subClause: ['2.1.1', 'every employee of the school, teaching and support staff alike'],
    contents: ['Conduct outside work', 'Use of school property and resources'],
    history: [
      ['2.0', 'Revised for the Teachers’ Standards terminology update and online conduct'],
      ['4.0', 'Roles named by each school; decimal numbering; professional boundaries figure added'],
    ],
    caption: 'Limits for accepting gifts and hospitality',
    figure: { caption: 'Figure 1: Professional boundaries with pupils', alt: 'Diagram of professional boundaries' },
  },
  'acceptable-use-of-ict': {
    title: 'Acceptable Use of ICT Policy for Staff in Schools',
    subClause: ['2.1.1', 'all employees of the school, teaching and support staff, whether permanent, temporary or casual'],
    contents: ['Images, video and live lessons', 'Personal devices, remote working and leaving the school'],
    history: [
      ['1.0', 'First model policy, replacing the separate email and internet guidance'],
      ['2.1', 'Roles named by each school; decimal numbering; reporting a security incident flowchart added'],
    ],
    caption: 'Communication channels for staff',
    figure: { caption: 'Figure 1: Reporting a security incident', alt: 'Flowchart for reporting a security incident' },
  },
  'lone-working': {
    title: 'Lone Working Policy for Staff in Schools',
    subClause: ['2.1.1', 'site and premises staff opening or locking the building'],
    contents: ['Home visits and working off site', 'Training and review'],
    history: [
      ['1.0', 'First model policy, drawn up with the trade union health and safety representatives'],
      ['2.0', 'Roles named by each school; decimal numbering; check-in procedure flowchart and risk table added'],
    ],
    caption: 'Lone working risk levels and the controls required',
    figure: { caption: 'Figure 1: The lone working check-in procedure', alt: 'Flowchart of the check-in procedure' },
  },
};

interface SchoolExpectations {
  name: string;
  /** Words every edition of the school prints, and words none of them may print. */
  says: string[];
  never: RegExp[];
}

const LA_NEVER = [/Principal/, /Chair of Trustees/, /Board of Trustees/, /Tees Valley Learning Trust/];
const SCHOOLS: Record<string, SchoolExpectations> = {
  'mill-lane-primary': { name: 'Mill Lane Primary School', says: ['Headteacher', 'Chair of Governors', 'Governing Body', 'Anne Rix'], never: LA_NEVER },
  'riverside-infant': { name: 'Riverside Nursery and Infant School', says: ['Headteacher', 'Chair of Governors', 'Governing Board', 'Priya Raman'], never: LA_NEVER },
  'ysgol-ty-dwr': {
    name: 'Ysgol Gynradd Tŷ Dŵr',
    says: ['Principal', 'Chair of Trustees', 'Board of Trustees', 'Tees Valley Learning Trust People Team', 'Gwen Hartley'],
    never: [/Headteacher/, /Head Teacher/, /Chair of Governors/, /Governing Body/, /Anne Rix/],
  },
};

const NEW_POLICIES = Object.keys(POLICIES);
const EVERY_POLICY = [...NEW_POLICIES, 'social-networking'];

let dir: string;
let check: { code: number; stdout: string; stderr: string };
const file = (school: string, policy: string, ext: string) => join(dir, 'dist', school, `${policy}.${ext}`);

/** Occurrences of `needle` in `text`. */
function count(text: string, needle: string): number {
  return needle ? text.split(needle).length - 1 : 0;
}

beforeAll(async () => {
  dir = scratchProject({ library: true });
  check = await cli(dir, 'check');
  const built = await cli(dir, 'build', '--format', 'html,docx,pdf', '--quiet');
  expect(built.stderr).not.toMatch(/error/);
  expect(built.code, built.stderr).toBe(0);
}, 600_000);

describe('the shipped project', () => {
  it('passes `policyc check` with no errors', () => {
    expect(check.stderr).not.toMatch(/: error:/);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toMatch(/checked 5 policies for 3 schools: 0 errors/);
  });
});

describe('the HTML editions', () => {
  const page = (school: string, policy: string) => readFileSync(file(school, policy, 'html'), 'utf8');
  const text = (school: string, policy: string) => normalise(htmlText(page(school, policy)).normalize('NFC'));

  for (const [school, s] of Object.entries(SCHOOLS)) {
    for (const [policy, p] of Object.entries(POLICIES)) {
      it(`${school} / ${policy}: title, sub-clause, history, contents, caption and figure`, () => {
        const html = page(school, policy);
        const t = text(school, policy);
        expect(t).toContain(p.title);
        expect(t).toContain(`${p.subClause[0]} ${p.subClause[1]}`);
        expect(html).toContain(`id="clause-${p.subClause[0].replaceAll('.', '-')}"`);
        for (const h of ['Version', 'Date', 'Summary of change', 'Approved by']) expect(t).toContain(h);
        for (const [version, summary] of p.history) {
          expect(t).toContain(summary);
          expect(t).toContain(version);
        }
        for (const heading of p.contents) expect(count(t, heading), heading).toBeGreaterThanOrEqual(2);
        expect(html).toMatch(new RegExp(`<caption[^>]*>(?:(?!</caption>)[\\s\\S])*${p.caption}`));
        expect(t).toContain(p.figure.caption);
        expect(html).toMatch(new RegExp(`(?:alt|aria-label)="${p.figure.alt}[^"]*"`));
        // one self-contained file: the figure is inline or a data: URI, never a link to a file
        expect(html).not.toMatch(/<img\b[^>]*\bsrc="(?!data:)[^"]*figures\//);
      });
    }
    for (const policy of EVERY_POLICY) {
      it(`${school} / ${policy}: the school's name and its own roles, and none of another's`, () => {
        const t = text(school, policy);
        expect(t).toContain(s.name);
        if (policy !== 'social-networking') for (const word of s.says) expect(t, word).toContain(word);
        for (const word of s.never) expect(t, String(word)).not.toMatch(word);
      });
    }
  }

  it('cites the trust’s own legislation list in the academy’s whistleblowing policy only', () => {
    expect(page('ysgol-ty-dwr', 'whistleblowing')).toMatch(/<a [^>]*href="https:\/\/www\.gov\.uk\/government\/publications\/academy-trust-handbook"/);
    expect(page('mill-lane-primary', 'whistleblowing')).not.toContain('academy-trust-handbook');
    for (const school of Object.keys(SCHOOLS)) {
      expect(page(school, 'whistleblowing')).toContain('https://www.legislation.gov.uk/ukpga/1998/23/contents');
      expect(page(school, 'lone-working')).toContain('https://www.legislation.gov.uk/ukpga/1974/37/contents');
    }
  });
});

describe.skipIf(!pandoc)('the DOCX editions', () => {
  const text = (school: string, policy: string) => normalise(pandocText(pandocRead(file(school, policy, 'docx'))).normalize('NFC'));
  const zip = (school: string, policy: string) => JSZip.loadAsync(readFileSync(file(school, policy, 'docx')));

  for (const [school, s] of Object.entries(SCHOOLS)) {
    for (const [policy, p] of Object.entries(POLICIES)) {
      it(`${school} / ${policy}: the text, the roles, the contents field and the figure's description`, async () => {
        const t = text(school, policy);
        expect(t).toContain(p.title);
        expect(t).toContain(s.name);
        expect(t).toContain(`${p.subClause[0]} ${p.subClause[1]}`);
        for (const [version, summary] of p.history) {
          expect(t).toContain(summary);
          expect(t).toContain(version);
        }
        expect(t).toContain('Summary of change');
        expect(t).toContain(p.caption);
        expect(t).toContain(p.figure.caption);
        for (const word of s.says) expect(t, word).toContain(word);
        for (const word of s.never) expect(t, String(word)).not.toMatch(word);
        const pkg = await zip(school, policy);
        const xml = await pkg.file('word/document.xml')!.async('string');
        // the figure is embedded in the package, never linked
        expect(Object.keys(pkg.files).filter((n) => n.startsWith('word/media/')).length).toBeGreaterThanOrEqual(1);
        // a real TOC field, its entries filled in
        expect(xml).toMatch(/<w:instrText[^>]*>\s*TOC\b/);
        for (const heading of p.contents) expect(count(xml, heading), heading).toBeGreaterThanOrEqual(2);
        expect(xml).toMatch(new RegExp(`<wp:docPr\\b[^>]*\\bdescr="${p.figure.alt}[^"]*"`));
        expect(xml).toContain(`<w:tblCaption w:val="${p.caption}"/>`);
      });
    }
    it(`${school} / social-networking: the school's name and none of another school's roles`, () => {
      const t = text(school, 'social-networking');
      expect(t).toContain(s.name);
      for (const word of s.never) expect(t, String(word)).not.toMatch(word);
    });
  }
});

describe.skipIf(!poppler)('the PDF editions', () => {
  const raw = (school: string, policy: string) => run('pdftotext', ['-enc', 'UTF-8', file(school, policy, 'pdf'), '-']).normalize('NFC');

  for (const [school, s] of Object.entries(SCHOOLS)) {
    for (const [policy, p] of Object.entries(POLICIES)) {
      it(`${school} / ${policy}: the text, the roles, the contents page and the captions`, () => {
        const bare = skeleton(raw(school, policy));
        const has = (text: string) => expect(bare, text).toContain(skeleton(text));
        has(p.title);
        has(s.name);
        has(`${p.subClause[0]} ${p.subClause[1]}`);
        for (const [version, summary] of p.history) {
          has(summary);
          has(version);
        }
        has('Summary of change');
        has(p.caption);
        has(p.figure.caption);
        for (const heading of p.contents) expect(count(bare, skeleton(heading)), heading).toBeGreaterThanOrEqual(2);
        for (const word of s.says) has(word);
        for (const word of s.never) expect(bare, String(word)).not.toMatch(new RegExp(skeleton(word.source)));
      });
    }
    it(`${school} / social-networking: the school's name and none of another school's roles`, () => {
      const bare = skeleton(raw(school, 'social-networking'));
      expect(bare).toContain(skeleton(s.name));
      for (const word of s.never) expect(bare, String(word)).not.toMatch(new RegExp(skeleton(word.source)));
    });
  }
});
