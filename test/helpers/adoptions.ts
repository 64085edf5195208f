import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A policy with two versions (1.0 in its history, 2.0 current), statutory when asked. */
export function policyText(options: { statutory?: boolean; review?: string } = {}): string {
  return [
    '---',
    'title: Test Policy',
    'version: "2.0"',
    'owner: HR Service',
    'approved: 2026-09-01',
    `review: ${options.review ?? '2027-09-01'}`,
    'applies-to: All staff',
    ...(options.statutory ? ['statutory: true'] : []),
    'history:',
    '  - version: "1.0"',
    '    date: 2025-09-01',
    '    summary: First issue',
    '    approved-by: HR Service',
    '  - version: "2.0"',
    '    date: 2026-09-01',
    '    summary: Revised',
    '    approved-by: HR Service',
    '---',
    '',
    '# Purpose',
    '',
    '1. The {{school.governingBody}} of {{school.name}} adopts this policy.',
    '',
    '{{signature-block}}',
    '',
  ].join('\n');
}

/** A small project of its own: no shipped policy, school or defaults, so no other warning. */
export function tinyProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'policyc-adoptions-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
