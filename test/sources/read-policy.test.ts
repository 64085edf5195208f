import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.ts';
import { parsePolicy, readPolicy } from '../../src/sources/read-policy.ts';

const FRONT = '---\ntitle: T\nversion: "1.0"\nowner: HR\napproved: 2026-01-01\nreview: 2027-01-01\napplies-to: All\n---\n';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const problems = (text: string) => parsePolicy(text, 'policies/p.md', 'p').diagnostics.map(formatDiagnostic);

describe('parsePolicy', () => {
  it('splits the front matter from the body, which starts on the line after it', () => {
    const { policy } = parsePolicy(`${FRONT}\n# Intro\n`, 'policies/p.md', 'p');
    expect(policy?.body).toBe('\n# Intro\n');
    expect(policy?.bodyLine).toBe(9);
    expect(policy?.meta.title).toBe('T');
  });

  it('scans the body for the limits before anything parses it, reporting each at its line and column in the file', () => {
    expect(problems(`${FRONT}\n# S\n\n1. see ${'a'.repeat(1001)}\n`)).toEqual([
      'policies/p.md:12:8: error: word of 1001 characters without a space (limit 1000 characters per word; put spaces in it; a long address can be a link with short text)',
    ]);
    expect(problems(`${FRONT}# S\n\n${Array.from({ length: 6 }, (_, i) => `${'  '.repeat(i)}- item\n`).join('')}`)).toEqual([
      'policies/p.md:16:11: error: lists and block quotes are nested 6 deep here (limit 5 levels; nest fewer lists or quotes)',
    ]);
    expect(problems(`${FRONT}# S\n\n${'1. clause\n'.repeat(2001)}`)).toEqual(['policies/p.md:2011:4: error: the policy has more than 2000 list items (limit 2000 list items; split the policy)']);
  });

  it('reports a limit together with the front matter\'s own problems, and gives no policy', () => {
    const result = parsePolicy(`${FRONT.replace('version: "1.0"\n', '')}${'> q\n\n'.repeat(501)}`, 'policies/p.md', 'p');
    expect(result.policy).toBeUndefined();
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'policies/p.md:1008:3: error: the policy has more than 500 block quotes (limit 500 block quotes; use fewer block quotes)',
      'policies/p.md:2:1: error: front matter is missing required key `version`',
    ]);
  });
});

describe('readPolicy', () => {
  it('refuses a policy file past the policy size limit, before reading it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'policyc-policy-'));
    dirs.push(root);
    writeFileSync(join(root, 'big.md'), `${FRONT}${'word '.repeat(60_000)}`);
    const result = await readPolicy(join(root, 'big.md'), root);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      `big.md:1:1: error: file is ${FRONT.length + 300_000} bytes, over the limit on the size of a policy or partial (limit 262144 bytes; split it into several policies)`,
    ]);
  });
});

describe('numbering, contents and history in the front matter', () => {
  const HISTORY = 'history:\n  - version: "2.0"\n    date: 2025-09-01\n    summary: Revised\n    approved-by: HR Advisory Service\n  - version: "1.0"\n    date: 2025-12-01\n    summary: Roles named\n    approved-by: Joint Consultative Committee\n';
  const front = (extra: string) => FRONT.replace('---\n', `---\n${extra}`).replace(/\n---\n$/, '\n---\n');

  it('defaults to roman numbering, no contents and no history', () => {
    const { policy } = parsePolicy(`${FRONT}# S\n`, 'policies/p.md', 'p');
    expect(policy?.meta).toMatchObject({ numbering: 'roman', contents: false, history: [] });
  });

  it('reads numbering, contents and the history, approved-by as approvedBy', () => {
    const { policy, diagnostics } = parsePolicy(`${front(`numbering: decimal\ncontents: true\n${HISTORY}`)}# S\n`, 'policies/p.md', 'p');
    expect(diagnostics).toEqual([]);
    expect(policy?.meta.numbering).toBe('decimal');
    expect(policy?.meta.contents).toBe(true);
    expect(policy?.meta.history).toEqual([
      { version: '2.0', date: '2025-09-01', summary: 'Revised', approvedBy: 'HR Advisory Service' },
      { version: '1.0', date: '2025-12-01', summary: 'Roles named', approvedBy: 'Joint Consultative Committee' },
    ]);
  });

  it('refuses an unknown numbering scheme and a contents that is not true or false, at the value', () => {
    expect(problems(`${front('numbering: arabic\ncontents: yes\n')}# S\n`)).toEqual([
      'policies/p.md:2:12: error: `numbering` must be roman or decimal',
      'policies/p.md:3:11: error: `contents` must be true or false',
    ]);
  });

  it('requires every field of a history entry, and a date written YYYY-MM-DD', () => {
    expect(problems(`${front('history:\n  - version: "1.0"\n    date: 1 May 2025\n    summary: First\n')}# S\n`)).toEqual([
      'policies/p.md:3:5: error: `history.0` is missing required key `approved-by`',
      'policies/p.md:4:11: error: `history.0.date` must be a date written YYYY-MM-DD',
    ]);
  });

  it('is an error at the last entry when it is not the current version, with a hint to add one', () => {
    expect(problems(`${front(HISTORY)}# S\n`)).toEqual([]);
    const bumped = front(HISTORY).replace('version: "1.0"\nowner', 'version: "3.0"\nowner');
    expect(problems(`${bumped}# S\n`)).toEqual([
      'policies/p.md:7:5: error: the last entry of history is version 1.0, but the policy is version 3.0 (add an entry for version 3.0 at the end of history (version, date, summary, approved-by))',
    ]);
  });

  it('is an error at a date earlier than the entry before it, or after the approval date', () => {
    const backwards = HISTORY.replace('2025-12-01', '2024-01-01').replace('version: "1.0"', 'version: "1.0"');
    expect(problems(`${front(backwards)}# S\n`)).toEqual([
      'policies/p.md:8:11: error: history: version 1.0 is dated 2024-01-01, before version 2.0 (2025-09-01) (list the versions oldest first, each dated on or after the one before)',
    ]);
    const late = HISTORY.replace('2025-12-01', '2026-02-01');
    expect(problems(`${front(late)}# S\n`)).toEqual([
      'policies/p.md:8:11: error: history: version 1.0 is dated 2026-02-01, after the policy\'s approval date 2026-01-01 (a version in the history was approved on or before the current version)',
    ]);
  });
});
