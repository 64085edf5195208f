import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO, scratchProject } from '../helpers/project.ts';

/**
 * The policy "Writing a policy" shows, taken from the README as an HR officer would copy
 * it: it must check clean and build for every shipped school, so the README never shows
 * syntax policyc does not take.
 */
const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Writing a policy'));
const example = /```markdown\n([\s\S]*?)\n```/.exec(section)![1]!;
const FIGURE = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 60" width="200" height="60"><rect x="1" y="1" width="198" height="58" fill="none" stroke="black"/><text x="10" y="35">Line manager, then chair</text></svg>';

describe("the README's example policy", () => {
  it('checks without an error and builds for every shipped school, numbered as the README says', async () => {
    const dir = scratchProject({ library: true, files: { 'policies/example.md': `${example}\n` } });
    mkdirSync(join(dir, 'policies/figures'), { recursive: true });
    writeFileSync(join(dir, 'policies/figures/raising-a-concern.svg'), FIGURE);
    const check = await cli(dir, 'check', '--policy', 'example');
    expect(check.stderr).toMatch(/: 0 errors/);
    const built = await cli(dir, 'build', '--policy', 'example', '--format', 'html', '--quiet');
    expect(built.code, built.stderr).toBe(0);
    const html = readFileSync(join(dir, 'dist/ysgol-ty-dwr/example.html'), 'utf8');
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    // Decimal numbering, the trust's roles, the figure and the caption.
    expect(text).toMatch(/3\.2\.1 report every concern to the Chair of Trustees/);
    expect(text).toContain('The Principal shall');
    expect(html).toContain('alt="How a concern is raised, from the line manager to the chair"');
    expect(text).toContain('Who to contact');
  });
});
