import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_DIR } from '../../../src/writers/pdf/compiler.ts';
import { REPO, scratchProject, toolCopy } from '../../helpers/project.ts';
import { hasPoppler, pdfText } from './poppler.ts';

describe('the Typst compiler\'s workspace', () => {
  it('is policyc\'s templates/pdf, as a path', () => {
    expect(TEMPLATE_DIR).toBe(join(REPO, 'templates/pdf'));
    expect(existsSync(join(TEMPLATE_DIR, 'edition.typ'))).toBe(true);
  });

  it.skipIf(!hasPoppler())('lays out editions when policyc is installed under a path with a space, for a project in one', () => {
    const tool = toolCopy();
    const project = scratchProject({ folder: 'School Policies' });
    const node = process.execPath;
    execFileSync(node, [join(tool, 'bin/policyc.js'), 'build', '--format', 'pdf', '--quiet', '--jobs', '1', '-C', project], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const pdf = join(project, 'dist/mill-lane-primary/social-networking.pdf');
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Mill Lane Primary School');
    expect(text).toContain('Social Networking Policy for Staff in Schools');
  }, 60_000);
});
