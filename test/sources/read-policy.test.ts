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
