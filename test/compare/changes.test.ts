/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../helpers/browser.ts';
import { hasClient, run } from '../helpers/clients.ts';
import { cli, scratchProject } from '../helpers/project.ts';
import { attributes, openDocx, wordText } from '../writers/docx/package.ts';
import { axeViolations } from '../helpers/axe.ts';

/** A policy's front matter at a version. */
const front = (version: string, approved: string) => `---
title: Test Policy
version: "${version}"
owner: Schools HR Advisory Service
approved: ${approved}
review: 2029-09-01
applies-to: All staff
---
`;

const OLD = `${front('1.0', '2025-09-01')}
# Purpose

1. This policy sets out how staff of {{school.name}} report a concern about the school.

1. Staff should raise a concern with their line manager in the first instance.

1. The governing body reviews the policy every two years.

# Procedure

1. A concern may be raised in writing or in person.
   1. by letter to the head teacher
   1. by email to the clerk

1. The school will acknowledge a concern within five working days of receiving it.

1. Records of every concern are kept securely for six years after it is closed.

1. Staff who raise a concern in good faith will be protected from any detriment.
`;

// Edited 1.2; inserted 1.3 (so old 1.3 is 1.4); a changed sub-item of 2.1; 2.3 moved to the top of section 2; 2.4 deleted.
const NEW = `${front('2.0', '2026-09-01')}
# Purpose

1. This policy sets out how staff of {{school.name}} report a concern about the school.

1. Staff should raise a concern with their line manager or with the head teacher in the first instance.

1. A concern about the head teacher is raised with the chair of governors.

1. The governing body reviews the policy every two years.

# Procedure

1. Records of every concern are kept securely for six years after it is closed.

1. A concern may be raised in writing or in person.
   1. by letter to the head teacher
   1. by email or telephone to the clerk

1. The school will acknowledge a concern within five working days of receiving it.
`;

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.org', GIT_AUTHOR_DATE: '2025-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2025-01-01T00:00:00Z' } });
}

interface Summary { school: string; policy: string; oldVersion: string; newVersion: string; changes: { kind: string; source: string; newNumber?: string; oldNumber?: string; oldText?: string; newText?: string }[]; files: string[] }

let dir: string;
let summaries: Summary[];

beforeAll(async () => {
  dir = scratchProject({ files: { 'policies/test-policy.md': OLD } });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'version 1.0');
  writeFileSync(join(dir, 'policies/test-policy.md'), NEW);
  // A school-config change: Riverside's name.
  const riverside = join(dir, 'schools/riverside-infant.yaml');
  writeFileSync(riverside, readFileSync(riverside, 'utf8').replace(/^name: .*$/m, 'name: Riverside Primary School'));
  git(dir, 'commit', '-q', '-am', 'version 2.0');
  const result = await cli(dir, 'changes', '--policy', 'test-policy', '--json');
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  summaries = (JSON.parse(result.stdout) as { summaries: Summary[] }).summaries;
}, 120_000);

const of = (school: string) => summaries.find((s) => s.school === school)!;
const find = (school: string, kind: string, number?: string) => of(school).changes.filter((c) => c.kind === kind && (number === undefined || c.newNumber === number || c.oldNumber === number));

describe('policyc changes: the change list', () => {
  it('compares with the previous version found in git', () => {
    expect(summaries.map((s) => s.school).sort()).toEqual(['mill-lane-primary', 'riverside-infant']);
    expect(of('mill-lane-primary')).toMatchObject({ oldVersion: '1.0', newVersion: '2.0' });
  });

  it('an edited clause is changed, its texts both given', () => {
    expect(find('mill-lane-primary', 'changed', '1.2')).toEqual([expect.objectContaining({ source: 'text', newNumber: '1.2', oldNumber: '1.2', oldText: expect.stringContaining('line manager in the first'), newText: expect.stringContaining('or with the head teacher') })]);
  });

  it('an inserted clause is added and the one after it renumbered, not changed', () => {
    expect(find('mill-lane-primary', 'added')).toEqual([expect.objectContaining({ newNumber: '1.3', newText: expect.stringContaining('chair of governors') })]);
    expect(find('mill-lane-primary', 'renumbered', '1.4')).toEqual([expect.objectContaining({ newNumber: '1.4', oldNumber: '1.3' })]);
  });

  it('a deleted clause is removed; a moved clause is moved ("was 2.3"), not deleted and inserted', () => {
    expect(find('mill-lane-primary', 'removed')).toEqual([expect.objectContaining({ oldNumber: '2.4', oldText: expect.stringContaining('good faith') })]);
    expect(find('mill-lane-primary', 'moved')).toEqual([expect.objectContaining({ newNumber: '2.1', oldNumber: '2.3' })]);
  });

  it('a changed sub-item is changed at its own number', () => {
    const sub = of('mill-lane-primary').changes.filter((c) => c.kind === 'changed' && c.newText?.includes('telephone'));
    expect(sub).toHaveLength(1);
    expect(sub[0]!.oldText).toContain('by email to the clerk');
  });

  it('a change from the school\'s config is told apart from the LA\'s text', () => {
    expect(of('mill-lane-primary').changes.filter((c) => c.source === 'config')).toEqual([]);
    const config = of('riverside-infant').changes.filter((c) => c.source === 'config');
    expect(config).toEqual([expect.objectContaining({ kind: 'changed', newNumber: '1.1', newText: expect.stringContaining('Riverside Primary School') })]);
  });
});

/** Word's Accept All (keep insertions, drop deletions) or Reject All (the other way round), on document.xml. */
function resolveAll(xml: string, how: 'accept' | 'reject'): string {
  const [keep, drop] = how === 'accept' ? ['ins', 'del'] : ['del', 'ins'];
  return xml
    .replace(new RegExp(`<w:${drop}\\b[^>]*>[\\s\\S]*?</w:${drop}>`, 'g'), '')
    .replace(new RegExp(`</?w:${keep}\\b[^>]*>`, 'g'), '')
    .replace(/<w:delText\b/g, '<w:t').replace(/<\/w:delText>/g, '</w:t>');
}

/** The body's text without the edition block (the first table: it names the version), a line per non-empty paragraph. */
function bodyText(xml: string): string {
  const body = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/, '');
  return wordText(body).split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean).join('\n');
}

async function documentXml(file: string): Promise<string> {
  return (await openDocx(readFileSync(file))).text('word/document.xml');
}

describe('policyc changes: the Word edition with tracked changes', () => {
  it('accepting every change gives the new edition\'s text, rejecting every one the old edition\'s', async () => {
    const summary = await documentXml(join(dir, 'dist/mill-lane-primary/test-policy.changes.docx'));
    expect(summary).toMatch(/<w:ins\b/);
    expect(summary).toMatch(/<w:del\b/);
    expect(new Set(attributes(summary, 'w:ins', 'w:author'))).toEqual(new Set(['policyc']));
    expect(new Set(attributes(summary, 'w:del', 'w:date'))).toEqual(new Set(['2026-09-01T00:00:00Z']));
    // The new edition as \`policyc build\` makes it, and the old as the first commit's sources make it.
    expect((await cli(dir, 'build', '--policy', 'test-policy', '--school', 'mill-lane-primary', '--format', 'docx', '--out', 'new')).code).toBe(0);
    const old = mkdtempSync(join(tmpdir(), 'policyc-old-'));
    execFileSync('sh', ['-c', `git archive HEAD~1 policies schools templates | tar -x -C "${old}"`], { cwd: dir });
    expect((await cli(old, 'build', '--policy', 'test-policy', '--school', 'mill-lane-primary', '--format', 'docx', '--out', 'dist')).code).toBe(0);
    const newText = bodyText(await documentXml(join(dir, 'new/mill-lane-primary/test-policy.docx')));
    const oldText = bodyText(await documentXml(join(old, 'dist/mill-lane-primary/test-policy.docx')));
    expect(newText).toContain('chair of governors');
    expect(oldText).toContain('good faith');
    expect(bodyText(resolveAll(summary, 'accept'))).toBe(newText);
    expect(bodyText(resolveAll(summary, 'reject'))).toBe(oldText);
  }, 60_000);
});

const pdftotext = hasClient('pdftotext', '-v');
describe.skipIf(!pdftotext)('policyc changes: the PDF summary', () => {
  it('prints the summary, the change labels and the marked text', () => {
    const text = run('pdftotext', ['-layout', join(dir, 'dist/mill-lane-primary/test-policy.changes.pdf'), '-']).replace(/[ \t]+/g, ' ');
    expect(text).toContain('What changed');
    expect(text).toContain('2 changed, 1 added, 1 removed, 1 moved');
    for (const label of ['[Changed]', '[Added]', '[Renumbered, was 1.3]', '[Moved, was 2.3]', '[Moved from here to 2.1]', '[Removed]']) expect(text).toContain(label);
    expect(text).toContain('or with the head teacher');
    expect(text).toContain('2.4 Staff who raise a concern in good faith');
  });
});

describe('policyc changes: deterministic', () => {
  it('a second run writes the same bytes in every format', async () => {
    const files = ['html', 'docx', 'pdf'].map((f) => join(dir, `dist/mill-lane-primary/test-policy.changes.${f}`));
    const first = files.map((f) => readFileSync(f));
    expect((await cli(dir, 'changes', '--policy', 'test-policy', '--school', 'mill-lane-primary', '--quiet')).code).toBe(0);
    files.forEach((f, i) => expect(readFileSync(f).equals(first[i]!)).toBe(true));
  }, 60_000);
});

describe('policyc changes: no change at all', () => {
  it('a policy unchanged since the commit named gets a summary that says so', async () => {
    const result = await cli(dir, 'changes', '--policy', 'test-policy', '--school', 'mill-lane-primary', '--since', 'HEAD', '--format', 'html', '--json');
    expect(result.code).toBe(0);
    const [summary] = (JSON.parse(result.stdout) as { summaries: Summary[] }).summaries;
    expect(summary!.changes).toEqual([]);
    const html = readFileSync(join(dir, 'dist/mill-lane-primary/test-policy.changes.html'), 'utf8');
    expect(html).toContain('Nothing in the text changed between these versions.');
    expect(html).toContain('0 changed, 0 added, 0 removed, 0 moved');
    expect(html).not.toMatch(/<ins|<del/);
  });

  it('refuses a ref that names no commit, and a folder that is not a git repository', async () => {
    const bad = await cli(dir, 'changes', '--since', 'no-such-ref');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since `no-such-ref` is not a commit');
    const plain = await cli(scratchProject(), 'changes');
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('is not in a git repository');
  });
});

const available = hasChromium();
describe.skipIf(!available)('policyc changes: the HTML summary', () => {
  it('opens with versions, counts and a table linking to each change; marks are <ins>/<del> said in words; axe finds nothing', async () => {
    const file = join(dir, 'dist/riverside-infant/test-policy.changes.html');
    await cli(dir, 'changes', '--policy', 'test-policy', '--format', 'html');
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('1.0, approved 1 September 2025');
    expect(html).toContain('2.0, approved 1 September 2026');
    expect(html).toContain('3 changed, 1 added, 1 removed, 1 moved');
    expect(html).toContain('changed (school’s details)');
    expect(html).toMatch(/<ins><span class="visually-hidden">\[inserted: <\/span>/);
    expect(html).toMatch(/<del><span class="visually-hidden">\[deleted: <\/span>/);
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext({ bypassCSP: true })).newPage();
      await page.goto(`file://${file}`);
      // Every link of the table leads to a change label in the page.
      const broken = await page.evaluate(() => [...document.querySelectorAll('.change-summary a')].map((a) => a.getAttribute('href')!).filter((h) => !document.querySelector(h)));
      expect(broken).toEqual([]);
      const violations = await axeViolations(page);
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('policyc check: versions against git', () => {
  it('warns when the text changed since its version was committed, and not once the version is raised', async () => {
    const repo = scratchProject({ files: { 'policies/test-policy.md': OLD } });
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'version 1.0');
    const clean = await cli(repo, 'check', '--policy', 'test-policy', '--json');
    expect((JSON.parse(clean.stdout) as { diagnostics: { message: string }[] }).diagnostics.filter((d) => d.message.includes('its version has not'))).toEqual([]);
    writeFileSync(join(repo, 'policies/test-policy.md'), OLD.replace('every two years', 'every year'));
    const edited = await cli(repo, 'check', '--policy', 'test-policy', '--json');
    const warned = (JSON.parse(edited.stdout) as { diagnostics: { file: string; line: number; severity: string; message: string }[] }).diagnostics.filter((d) => d.message.includes('its version has not'));
    expect(warned).toEqual([expect.objectContaining({ file: 'policies/test-policy.md', line: 3, severity: 'warning', message: expect.stringContaining('since version 1.0 was committed') })]);
    writeFileSync(join(repo, 'policies/test-policy.md'), OLD.replace('every two years', 'every year').replace('version: "1.0"', 'version: "1.1"'));
    const raised = await cli(repo, 'check', '--policy', 'test-policy', '--json');
    expect((JSON.parse(raised.stdout) as { diagnostics: { message: string }[] }).diagnostics.filter((d) => d.message.includes('its version has not'))).toEqual([]);
  }, 60_000);
});

describe('policyc changes: the index', () => {
  it('dist/index.html shows "changed since version X" linking to the summary, after the changes and after a later build', async () => {
    expect((await cli(dir, 'build', '--policy', 'test-policy', '--format', 'html')).code).toBe(0);
    expect((await cli(dir, 'changes', '--policy', 'test-policy', '--quiet')).code).toBe(0);
    const link = /<a class="changes" href="mill-lane-primary\/test-policy\.changes\.html">changed since version 1\.0<span class="visually-hidden">/;
    expect(readFileSync(join(dir, 'dist/index.html'), 'utf8')).toMatch(link);
    expect((await cli(dir, 'build', '--policy', 'test-policy', '--format', 'html', '--force')).code).toBe(0);
    expect(readFileSync(join(dir, 'dist/index.html'), 'utf8')).toMatch(link);
    const records = JSON.parse(readFileSync(join(dir, 'dist/changes.json'), 'utf8')) as { id: string; oldVersion: string; newVersion: string }[];
    expect(records.map((r) => `${r.id} ${r.oldVersion}→${r.newVersion}`)).toEqual(['mill-lane-primary/test-policy 1.0→2.0', 'riverside-infant/test-policy 1.0→2.0']);
  }, 120_000);
});
