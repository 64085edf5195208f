import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO, scratchProject, toolCopy } from '../helpers/project.ts';
import { hasPoppler, pdfText } from '../writers/pdf/poppler.ts';

const FRONT = '---\ntitle: Probe\nversion: "1.0"\nowner: HR\napproved: 2026-01-01\nreview: 2027-01-01\napplies-to: All\n---\n\n';

describe('hostile files', () => {
  it('a 20 MB config is refused quickly with its location, and the other schools build', async () => {
    const dir = scratchProject();
    writeFileSync(join(dir, 'schools/huge.yaml'), `name: Huge\nguidance:\n${'  - x\n'.repeat(3_500_000)}`);
    const started = performance.now();
    const result = await cli(dir, 'build', '--format', 'html');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^schools\/huge\.yaml:1:1: error: file is 210000\d\d bytes, over the limit on the size of a school config or the LA defaults \(limit 2097152 bytes; split it into smaller files\)$/m);
    expect(existsSync(join(dir, 'dist/huge'))).toBe(false);
    expect(existsSync(join(dir, 'dist/mill-lane-primary/social-networking.html'))).toBe(true);
  });

  it('a config that links outside the project is refused', async () => {
    const dir = scratchProject();
    const outside = mkdtempSync(join(tmpdir(), 'policyc-outside-'));
    writeFileSync(join(outside, 'secret.yaml'), 'name: Secret School\n');
    symlinkSync(join(outside, 'secret.yaml'), join(dir, 'schools/linked.yaml'));
    const result = await cli(dir, 'check');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`schools/linked.yaml:1:1: error: is a link to ${join(outside, 'secret.yaml')}, outside the project`);
  });

  it('a link inside the project is followed', async () => {
    const dir = scratchProject();
    symlinkSync(join(dir, 'schools/mill-lane-primary.yaml'), join(dir, 'schools/mill-lane-copy.yaml'));
    expect((await cli(dir, 'check')).code).toBe(0);
  });

  it('a FIFO in policies/, schools/ or templates/partials/ is an error at its path, never a hang; the other editions build', async () => {
    const dir = scratchProject();
    for (const path of ['policies/pipe.md', 'schools/pipe.yaml', 'templates/partials/pipe.hbs']) execFileSync('mkfifo', [join(dir, path)]);
    const result = await cli(dir, 'build', '--format', 'html');
    expect(result.code).toBe(1);
    const errors = result.stderr.split('\n').filter((l) => l.includes(': error: '));
    expect(errors).toEqual([
      'policies/pipe.md:1:1: error: is a named pipe (FIFO), not a regular file; sources and configs must be files',
      'schools/pipe.yaml:1:1: error: is a named pipe (FIFO), not a regular file; sources and configs must be files',
      'templates/partials/pipe.hbs:1:1: error: is a named pipe (FIFO), not a regular file; sources and configs must be files',
    ]);
    expect(existsSync(join(dir, 'dist/mill-lane-primary/social-networking.html'))).toBe(true);
  }, 20_000);

  it('a partial that links to /dev/zero is refused, and a policy that uses it; the other editions build', async () => {
    const dir = scratchProject({ files: { 'policies/uses-zero.md': readFileSync(join(REPO, 'policies/social-networking.md'), 'utf8').replace('{{> hr-contacts}}', '{{> zero}}') } });
    symlinkSync('/dev/zero', join(dir, 'templates/partials/zero.hbs'));
    const result = await cli(dir, 'build', '--format', 'html');
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').filter((l) => l.includes(': error: '))).toEqual([
      'templates/partials/zero.hbs:1:1: error: is a link to /dev/zero, outside the project; sources and configs must live in the project',
      expect.stringMatching(/^policies\/uses-zero\.md:\d+:1: error: partial `zero` cannot be used: templates\/partials\/zero\.hbs is a link to \/dev\/zero, outside the project; sources and configs must live in the project \(see templates\/partials\/zero\.hbs\)$/),
    ]);
    expect(existsSync(join(dir, 'dist/mill-lane-primary/social-networking.html'))).toBe(true);
    expect(existsSync(join(dir, 'dist/mill-lane-primary/uses-zero.html'))).toBe(false);
  });

  it('a policies/ folder that links out of the project is refused, file by file', async () => {
    const dir = scratchProject();
    const outside = mkdtempSync(join(tmpdir(), 'policyc-outside-'));
    cpSync(join(dir, 'policies'), outside, { recursive: true });
    rmSync(join(dir, 'policies'), { recursive: true });
    symlinkSync(outside, join(dir, 'policies'));
    const result = await cli(dir, 'check');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`policies/social-networking.md:1:1: error: is outside the project: a folder on its path links to ${join(outside, 'social-networking.md')}; sources and configs must live in the project`);
    rmSync(outside, { recursive: true, force: true });
  });

  it('an editor\'s lock file in templates/partials/ is ignored; a dangling link there is an error at its path, and every other error is still printed', async () => {
    const dir = scratchProject({ files: { 'schools/bad.yaml': 'name: Bad\ngovern: x\n' } });
    symlinkSync('someone@host.4242:1700000000', join(dir, 'templates/partials/.#hr-contacts.hbs'));
    symlinkSync('gone.hbs', join(dir, 'templates/partials/old.hbs'));
    symlinkSync('loop.hbs', join(dir, 'templates/partials/loop.hbs'));
    const check = await cli(dir, 'check');
    expect(check.code).toBe(1);
    expect(check.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(check.stderr.split('\n').filter((l) => l.includes(': error: '))).toEqual([
      'schools/bad.yaml:2:1: error: unknown key `govern` in the config (did you mean `governingBody`?)',
      'templates/partials/loop.hbs:1:1: error: is a link that loops (to loop.hbs); sources and configs must be files',
      'templates/partials/old.hbs:1:1: error: is a link to gone.hbs, which does not exist',
    ]);
    const build = await cli(dir, 'build', '--format', 'html');
    expect(build.code).toBe(1);
    expect(existsSync(join(dir, 'dist/mill-lane-primary/social-networking.html'))).toBe(true);
  });

  // The shapes an outside probe found to run for minutes, take gigabytes or overflow the stack.
  const probes: [string, string, RegExp][] = [
    ['4,000 footnotes', `# S\n\n${Array.from({ length: 4000 }, (_, i) => `1. Clause[^n${i}].\n`).join('')}\n${Array.from({ length: 4000 }, (_, i) => `[^n${i}]: Note ${i}.\n`).join('')}`, /^policies\/probe\.md:32:10: error: the policy has more than 20 footnote references \(limit 20 footnotes; use fewer footnotes\)$/m],
    ['100,000 clauses', `# S\n\n${'1. Clause text.\n'.repeat(100_000)}`, /^policies\/probe\.md:1:1: error: file is 1600108 bytes, over the limit on the size of a policy or partial \(limit 262144 bytes; split it into several policies\)$/m],
    ['15,000 clauses', `# S\n\n${'1. Clause text.\n'.repeat(15_000)}`, /^policies\/probe\.md:2012:4: error: the policy has more than 2000 list items \(limit 2000 list items; split the policy\)$/m],
    ['a 60,000-row table (in 256 KB)', `# S\n\n| a | b |\n| - | - |\n${'|c|d|\n'.repeat(40_000)}`, /^policies\/probe\.md:2013:1: error: the policy has more than 2000 table rows \(limit 2000 rows; split the table or the policy\)$/m],
    ['30,000 labels (in 256 KB)', `# S\n\n${Array.from({ length: 15_000 }, (_, i) => `1. {#l${i}} x\n`).join('')}`, /^policies\/probe\.md:1012:4: error: the policy has more than 1000 labels \(limit 1000 labels; label only the clauses you refer to\)$/m],
    ['50,000 sections', '# S\n\n'.repeat(50_000), /^policies\/probe\.md:2010:1: error: the policy has more than 1000 headings \(limit 1000 headings; split the policy\)$/m],
    ['one 200 KB word', `# S\n\n1. ${'a'.repeat(200_000)}\n`, /^policies\/probe\.md:12:10001: error: line is 200003 characters long \(limit 10000 characters per line; break the line into paragraphs\)$/m],
    ['a word of 5,000 characters', `# S\n\n1. see ${'a'.repeat(5_000)}\n`, /^policies\/probe\.md:12:8: error: word of 5000 characters without a space \(limit 1000 characters per word; put spaces in it; a long address can be a link with short text\)$/m],
    ['42 KB of nested emphasis on one line', `# S\n\n1. ${'*a '.repeat(7000)}x${' b*'.repeat(7000)}\n`, /^policies\/probe\.md:12:10001: error: line is 42004 characters long/m],
    ['120 KB of nested emphasis over many lines', `# S\n\n1. ${'*a\n'.repeat(20_000)}x${' b*\n'.repeat(20_000)}`.slice(0, 200_000), /^policies\/probe\.md:12:4: error: paragraph has more than 1000 emphasis and link marks \(limit 1000 marks per paragraph; split the paragraph\)$/m],
    ['a line of 50,000 [', `# S\n\n1. ${'['.repeat(50_000)}\n`, /^policies\/probe\.md:12:10001: error: line is 50003 characters long/m],
    ['lists nested 1,000 deep (the first 300 levels)', `# S\n\n${Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- item\n`).join('')}`, /^policies\/probe\.md:17:11: error: lists and block quotes are nested 6 deep here \(limit 5 levels; nest fewer lists or quotes\)$/m],
    ['lists nested 1,000 deep on one line', `# S\n\n${'- '.repeat(1000)}x\n`, /^policies\/probe\.md:12:1: error: lists and block quotes are nested 1000 deep here \(limit 5 levels; nest fewer lists or quotes\)$/m],
    ['block quotes nested 5,000 deep', `# S\n\n${'>'.repeat(5000)} x\n`, /^policies\/probe\.md:12:1: error: lists and block quotes are nested 5000 deep here \(limit 5 levels; nest fewer lists or quotes\)$/m],
    ['emphasis nested 9 deep', `# S\n\n1. ${'*a **b '.repeat(5)}x${' b** a*'.repeat(5)}\n`, /^policies\/probe\.md:12:32: error: emphasis, strikethrough and links are nested 9 deep here \(limit 8 levels; nest less markup\)$/m],
    ['a footnote that refers to itself', '# S\n\n1. Clause[^a].\n\n[^a]: See[^a].\n', /^policies\/probe\.md:14:1: error: footnote `\[\^a\]` is referred to inside a footnote/m],
  ];
  for (const [name, body, expected] of probes) {
    it(`a pathological policy fails fast with a located limit error: ${name}`, async () => {
      const dir = scratchProject({ files: { 'policies/probe.md': FRONT + body } });
      const result = await cli(dir, 'check');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(expected);
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(result.stderr.split('\n').filter((l) => l.includes(': error: '))).toHaveLength(1);
    }, 20_000);
  }

  it.skipIf(!hasPoppler())('a clone of policyc in a folder with a space builds every format, and a change to its code rebuilds', () => {
    const tool = toolCopy();
    const seed = scratchProject();
    for (const folder of ['policies', 'schools']) cpSync(join(seed, folder), join(tool, folder), { recursive: true });
    const policyc = (...args: string[]) => execFileSync(process.execPath, [join(tool, 'bin/policyc.js'), ...args], { cwd: tool, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    policyc('build', '--quiet', '--jobs', '1');
    for (const format of ['html', 'docx', 'pdf']) expect(existsSync(join(tool, `dist/riverside-infant/social-networking.${format}`)), format).toBe(true);
    const text = pdfText(join(tool, 'dist/riverside-infant/social-networking.pdf')).replace(/\s+/g, ' ');
    expect(text).toContain('Riverside Nursery and Infant School');
    expect(text).toContain('1. Introduction');
    const hashes = () => (JSON.parse(readFileSync(join(tool, 'dist/manifest.json'), 'utf8')) as { editions: { inputHash: string }[] }).editions.map((e) => e.inputHash);
    const before = hashes();
    expect(JSON.parse(policyc('build', '--json', '--jobs', '1')).editions.map((e: { status: string }) => e.status)).toEqual(['up-to-date', 'up-to-date']);
    // The code fingerprint hashes the copy's real files: editing its code rebuilds every edition.
    appendFileSync(join(tool, 'src/cli/main.ts'), '\n// a local change\n');
    expect(JSON.parse(policyc('build', '--json', '--jobs', '1')).editions.map((e: { status: string }) => e.status)).toEqual(['built', 'built']);
    expect(hashes()).not.toEqual(before);
  }, 60_000);
});
