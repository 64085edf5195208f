import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { htmlText } from '../helpers/html-text.ts';
import { cli, REPO } from '../helpers/project.ts';
import { normalise } from '../helpers/seed.ts';

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
const readme = readFileSync(join(REPO, 'README.md'), 'utf8');

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function emptyFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'policyc-init-'));
  scratch.push(dir);
  return dir;
}

function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, base) : [relative(base, path)];
  });
}

const SCAFFOLD = ['.github/workflows/policies.yml', '.gitignore', 'package.json', 'policies/mobile-phones.md', 'schools/_defaults.yaml', 'schools/example-primary.yaml'];

describe('policyc init', () => {
  it('scaffolds an LA policy repository in a new folder, says what to run next, and the repository builds', async () => {
    const parent = emptyFolder();
    const result = await cli(parent, 'init', 'our-policies');
    expect(result.code).toBe(0);
    const dir = join(parent, 'our-policies');
    expect(filesUnder(dir).sort()).toEqual(SCAFFOLD);
    expect(result.stdout).toBe(SCAFFOLD.map((f) => `created ${join('our-policies', f)}\n`).join(''));
    expect(result.stderr).toBe('policyc: a policy repository is ready in our-policies: `cd our-policies`, then `npm install`, then `npx policyc build` builds its editions into dist/\n');

    // package.json: policyc as a versioned dependency, and scripts that run it.
    const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(json).toMatchObject({ name: 'our-policies', private: true, type: 'module', dependencies: { [pkg.name]: `^${pkg.version}` }, scripts: { build: 'policyc build', check: 'policyc check' } });

    // Every YAML file in schools/ names the schema inside the installed package for the YAML language server.
    for (const file of ['schools/_defaults.yaml', 'schools/example-primary.yaml']) {
      expect(readFileSync(join(dir, file), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../node_modules/policyc/lib/schemas/school.schema.json');
    }
    // That is where the package keeps the schema: lib/ mirrors src/ (test/package.test.ts checks the tarball holds it).
    expect(existsSync(join(REPO, 'src/schemas/school.schema.json'))).toBe(true);

    // .gitignore keeps installs and builds out of git; the workflow is the README's, byte for byte.
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['node_modules/', 'dist/']));
    const workflow = readFileSync(join(dir, '.github/workflows/policies.yml'), 'utf8');
    expect(readme).toContain(`\`\`\`yaml\n${workflow}\`\`\``);
    expect(parse(workflow).jobs.build.steps.map((s: { run?: string }) => s.run).filter(Boolean)).toContain('npx policyc build --shard ${{ matrix.shard }}/4 --out dist');
    // The statutory gate on today's date, in a job that publishing does not wait for.
    expect(parse(workflow).jobs.check.steps.map((s: { run?: string }) => s.run).filter(Boolean)).toContain('npx policyc check --strict --today "$(date -u +%F)"');
    expect(parse(workflow).jobs.publish.needs).toBe('build');

    // The example checks clean and builds: the example school's edition, numbered, cross-referenced, with the register's citations.
    const check = await cli(dir, 'check');
    expect(check.stderr).toBe('policyc: checked 1 policy for 1 school: 0 errors, 0 warnings\n');
    expect(check.code).toBe(0);
    const build = await cli(dir, 'build', '--format', 'html', '--jobs', '1', '--quiet');
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    const text = normalise(htmlText(readFileSync(join(dir, 'dist/example-primary/mobile-phones.html'), 'utf8')));
    expect(text).toContain('1.1 The Governing Body of Example Primary School expects every member of staff');
    expect(text).toContain('3.2 The Headteacher may agree exceptions for a member of staff (see paragraph 2.1)');
    expect(text).toContain('Data Protection Act 2018');
    expect(text).toContain('alex.example@example.org');
    expect(text).not.toContain('An example policy, written by');
  });

  it('scaffolds the project folder itself by default, keeping the package.json `npm install policyc` leaves', async () => {
    const dir = emptyFolder();
    const installed = `${JSON.stringify({ dependencies: { policyc: '^0.1.0' } }, null, 2)}\n`;
    writeFileSync(join(dir, 'package.json'), installed);
    const result = await cli(dir, 'init');
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(installed);
    expect(filesUnder(dir).sort()).toEqual(SCAFFOLD);
    expect(result.stdout).not.toContain('package.json');
    expect(result.stderr).toBe([
      'policyc: kept package.json as it was',
      'policyc: a policy repository is ready in .: `npm install`, then `npx policyc build` builds its editions into dist/',
      '',
    ].join('\n'));
  });

  it('says how to add policyc to a package.json that lacks it, and scaffolds the folder -C names', async () => {
    const dir = emptyFolder();
    mkdirSync(join(dir, 'la'));
    writeFileSync(join(dir, 'la/package.json'), '{"name": "ours"}\n');
    const result = await cli(emptyFolder(), '-C', join(dir, 'la'), 'init');
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'la/package.json'), 'utf8')).toBe('{"name": "ours"}\n');
    expect(result.stderr).toContain('; add policyc to it with `npm install policyc`\n');
    expect(existsSync(join(dir, 'la/schools/_defaults.yaml'))).toBe(true);
  });

  it('refuses to overwrite any file, and then writes nothing at all', async () => {
    const dir = emptyFolder();
    mkdirSync(join(dir, 'schools'));
    writeFileSync(join(dir, 'schools/_defaults.yaml'), 'name: ours\n');
    writeFileSync(join(dir, '.gitignore'), 'mine\n');
    const result = await cli(dir, 'init');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe([
      'policyc: error: .gitignore exists, and init never overwrites a file',
      'policyc: error: schools/_defaults.yaml exists, and init never overwrites a file',
      'policyc: nothing was written; to start a new policy repository, run `policyc init <new-folder>`',
      '',
    ].join('\n'));
    expect(filesUnder(dir).sort()).toEqual(['.gitignore', 'schools/_defaults.yaml']);
    expect(readFileSync(join(dir, 'schools/_defaults.yaml'), 'utf8')).toBe('name: ours\n');
  });

  it('is listed in the help with an example', async () => {
    const help = await cli(REPO, 'init', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: policyc init [options] [folder]');
    expect(help.stdout).toContain('$ npx policyc init my-la-policies && cd my-la-policies && npm install && npx policyc build');
    expect((await cli(REPO, '--help')).stdout).toMatch(/\n\s+init \[folder\]\s+scaffold an LA policy repository/);
  });
});
