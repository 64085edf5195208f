import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/batch/check-project.ts';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.ts';
import { loadProject } from '../../src/project/load-project.ts';
import { scratchProject } from '../helpers/project.ts';

const FRONT = '---\ntitle: T\nversion: "1.0"\nowner: HR\napproved: 2026-01-01\nreview: 2027-01-01\napplies-to: All\n---\n';

async function errors(files: Record<string, string>): Promise<string[]> {
  const dir = scratchProject({ files });
  const check = await checkProject(await loadProject(dir));
  return check.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
}

describe('checkProject reports every problem of a run at once, across stages', () => {
  it('reports a policy\'s reference and address problems in the same run as its template errors, each once', async () => {
    const body = '# Scope {#scope}\n\n1. The {{school.headteacher}} reads [](#nowhere).\n1. Write to [us](javascript:alert(1)) and {{school.nmae}}.\n';
    expect(await errors({ 'policies/t.md': `${FRONT}${body}` })).toEqual([
      'policies/t.md:11:10: error: unknown placeholder `{{school.headteacher}}`: `school.headteacher` is not a field (did you mean `school.roles.head` or `school.headTitle`?)',
      'policies/t.md:12:45: error: unknown placeholder `{{school.nmae}}`: `school.nmae` is not a field (did you mean `school.name`?)',
      'policies/t.md:11:39: error: reference to unknown label `nowhere` (put {#nowhere} at the start of the clause it refers to)',
      'policies/t.md:12:18: error: link to `javascript:alert(1)` is not allowed (links may be http(s):, mailto:, tel: or #label)',
    ] as unknown as string[]);
  });

  it('reports every value a school lacks, and the structure problems of the rest, for each school', async () => {
    const body = '# Scope\n\n1. {{school.roles.ceo}} and {{> legislation-list list=school.legislation.no-such-list}}\n1. See [](#nowhere).\n';
    const lines = await errors({ 'policies/t.md': `${FRONT}${body}` });
    expect(lines).toEqual([
      expect.stringMatching(/^policies\/t\.md:11:6: error: `\{\{school\.roles\.ceo\}\}`: `ceo` is not a role for school `mill-lane-primary`/),
      expect.stringMatching(/^policies\/t\.md:11:55: error: `school\.legislation\.no-such-list` .* has no value for school `mill-lane-primary`/),
      'policies/t.md:12:10: error: reference to unknown label `nowhere` (put {#nowhere} at the start of the clause it refers to)',
      expect.stringMatching(/`ceo` is not a role for school `riverside-infant`/),
      expect.stringMatching(/has no value for school `riverside-infant`/),
    ] as unknown as string[]);
  });

  it('checks the shipped project with no errors', async () => {
    expect(await errors({})).toEqual([]);
  });
});
