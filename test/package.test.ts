import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasClient, run as runClient } from './helpers/clients.ts';
import { htmlText } from './helpers/html-text.ts';
import { cli, REPO, scratchProject } from './helpers/project.ts';
import { missingFromText, normalise, skeleton } from './helpers/seed.ts';
import { bodyText } from './writers/pdf/poppler.ts';

/**
 * policyc as a Local Authority uses it: `npm pack`ed, installed from the tarball as a
 * dependency into a folder that holds nothing of policyc's, and run there as a user runs
 * it (`npx policyc …`, and `import { build } from 'policyc'`) on every Node.js this machine
 * has whose version the package's `engines` allows, and on the Node.js the repository pins.
 * npm itself runs on the machine's own Node.js (the PATH without node_modules/.bin), as it
 * does on a fresh machine. Slow by nature: one pack and three installs serve every test.
 */

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; version: string; engines: { node: string } };
const ENGINES = pkg.engines.node;
const poppler = hasClient('pdftotext', '-v');

/** The PATH of the machine, without the node_modules/.bin folders npm and vitest put first. */
const SYSTEM_PATH = (process.env.PATH ?? '').split(delimiter).filter((d) => !d.split(/[\\/]/).includes('node_modules')).join(delimiter);

/** Whether a Node.js version is one `engines` allows: `^X.Y.Z` (that major, from X.Y.Z) or `>=X.Y.Z`, joined by `||`. */
function allowed(version: string, range: string): boolean {
  const v = version.replace(/^v/, '').split('.').map(Number);
  const atLeast = (min: number[]) => {
    const i = v.findIndex((n, k) => n !== min[k]);
    return i < 0 || v[i]! > min[i]!;
  };
  return range.split('||').some((alt) => {
    const m = /^\s*(\^|>=)\s*(\d+)\.(\d+)\.(\d+)\s*$/.exec(alt);
    if (!m) throw new Error(`engines: an alternative this test does not read: ${alt}`);
    const min = m.slice(2).map(Number);
    return (m[1] !== '^' || v[0] === min[0]) && atLeast(min);
  });
}

interface Node {
  path: string;
  version: string;
}
/** Every Node.js on the machine's PATH, then the one the repository pins, each once. */
function nodes(): Node[] {
  const found = new Map<string, Node>();
  const candidates = [...SYSTEM_PATH.split(delimiter).map((d) => join(d, 'node')), join(REPO, 'node_modules/node/bin/node')];
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const path = realpathSync(candidate);
    if (found.has(path)) continue;
    const version = runClient(path, ['--version']).trim();
    found.set(path, { path, version });
  }
  return [...found.values()];
}
const NODES = nodes();
const SUPPORTED = NODES.filter((n) => allowed(n.version, ENGINES));

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}
/** Runs a command the way a user's shell would, with `node` (default: the machine's) first on the PATH. */
function sh(cwd: string, command: string, args: string[], node?: Node, timeout = 240_000): Promise<Ran> {
  const started = performance.now();
  const PATH = node ? `${dirname(node.path)}${delimiter}${SYSTEM_PATH}` : SYSTEM_PATH;
  const env: NodeJS.ProcessEnv = { HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, LANG: 'C.UTF-8', PATH, NO_COLOR: '1', CI: process.env.CI, npm_config_cache: process.env.npm_config_cache };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, timeout });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 }));
  });
}
const npmInstall = (cwd: string, ...args: string[]) => sh(cwd, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...args]);

/** Lines that are warnings, whoever prints them: npm's `npm warn`, Node's ExperimentalWarning, a deprecation. */
const warnings = (text: string) => text.split('\n').filter((l) => /\bwarn(ing)?\b|deprecat/i.test(l) && !/: \d+ errors?, \d+ warnings?$/.test(l));

function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, base) : [relative(base, path).split('\\').join('/')];
  });
}

let root: string;
let tarball: string;
let packSeconds: number;
/** A new LA: `npm install <tarball>` in an empty folder, then `npx policyc init`. */
let fresh: string;
let freshInstall: Ran;
let initRun: Ran;
/** An LA's existing repository: policies/ and schools/ (this repository's own, the example project), nothing else. */
let content: string;
let contentInstall: Ran;
/** A clean clone of this repository: its tracked files, nothing built or installed. */
let clone: string;
let cloneInstall: Ran;

beforeAll(async () => {
  // A folder name with spaces, as an LA's may well have.
  root = mkdtempSync(join(tmpdir(), 'policyc package '));
  const packed = await sh(REPO, 'npm', ['pack', '--pack-destination', root]);
  expect(packed.stderr.split('\n').filter((l) => /warn/i.test(l))).toEqual([]);
  expect(packed.code).toBe(0);
  packSeconds = packed.seconds;
  tarball = join(root, `${pkg.name}-${pkg.version}.tgz`);

  fresh = join(root, 'new la');
  mkdirSync(fresh);
  content = join(root, 'our policies');
  mkdirSync(content);
  for (const folder of ['policies', 'schools']) cpSync(join(REPO, folder), join(content, folder), { recursive: true });
  clone = join(root, 'clone');
  const tracked = (await sh(REPO, 'git', ['ls-files', '-z'])).stdout.split('\0').filter(Boolean);
  for (const file of tracked) {
    if (!existsSync(join(REPO, file))) continue;
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(REPO, file), join(clone, file));
  }

  [freshInstall, contentInstall, cloneInstall] = await Promise.all([npmInstall(fresh, tarball), npmInstall(content, tarball), sh(clone, 'npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'])]);
  for (const install of [freshInstall, contentInstall, cloneInstall]) expect(install.code, install.stderr).toBe(0);
  initRun = await sh(fresh, 'npx', ['policyc', 'init']);
}, 300_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds only what it needs: bin/policyc.js, the compiled lib/ (JavaScript, source maps, declarations, data), templates/', async () => {
    const listed = (await sh(root, 'tar', ['-tzf', tarball])).stdout.split('\n').filter((l) => l && !l.endsWith('/')).map((l) => l.replace(/^package\//, '')).sort();
    const lib = filesUnder(join(REPO, 'src'))
      .filter((f) => f !== 'tsconfig.build.json')
      .flatMap((f) => (f.endsWith('.ts') ? ['.js', '.js.map', '.d.ts'].map((ext) => `lib/${f.slice(0, -3)}${ext}`) : [`lib/${f}`]));
    const templates = filesUnder(join(REPO, 'templates')).map((f) => `templates/${f}`);
    expect(listed).toEqual(['README.md', 'bin/policyc.js', 'package.json', ...lib, ...templates].sort());
    // No TypeScript source, test, example content or lockfile; under a megabyte and a half, of which the
    // house typeface the PDF writer bundles (Liberation Sans, four styles: templates/pdf/fonts) is about 0.8 MB.
    expect(listed.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(statSync(tarball).size).toBeLessThan(1_500_000);
    expect(packSeconds).toBeLessThan(60);
  });

  it('installs as a dependency with no warning, declaring the Node.js it runs on', () => {
    for (const install of [freshInstall, contentInstall]) {
      expect(warnings(install.stdout + install.stderr)).toEqual([]);
      expect(install.stdout).toMatch(/^added \d+ packages in /m);
    }
    const installed = JSON.parse(readFileSync(join(content, 'node_modules/policyc/package.json'), 'utf8'));
    expect(installed.engines).toEqual({ node: pkg.engines.node });
    expect(JSON.parse(readFileSync(join(content, 'package.json'), 'utf8')).dependencies).toHaveProperty('policyc');
    expect(readdirSync(content).sort()).toEqual(['node_modules', 'package-lock.json', 'package.json', 'policies', 'schools']);
  });

  it('finds a Node.js to run on here: the machine\'s own, and the one the repository pins', () => {
    expect(SUPPORTED.length).toBeGreaterThanOrEqual(1);
    expect(SUPPORTED.map((n) => n.path)).toContain(realpathSync(join(REPO, 'node_modules/node/bin/node')));
  });

  it('on a Node.js its engines do not allow, prints one line saying which versions it needs', async () => {
    expect(ENGINES).toBe('^20.19.0 || >=22.12.0');
    expect([allowed('20.18.3', ENGINES), allowed('20.19.0', ENGINES), allowed('21.7.3', ENGINES), allowed('22.11.0', ENGINES), allowed('22.12.0', ENGINES), allowed('26.1.0', ENGINES)]).toEqual([false, true, false, false, true, true]);
    const bin = join(fresh, 'node_modules/policyc/bin/policyc.js');
    for (const version of ['18.20.8', '21.7.3']) {
      const old = await sh(fresh, SUPPORTED[0]!.path, ['--input-type=module', '-e', `Object.defineProperty(process.versions, 'node', { value: '${version}' }); await import(${JSON.stringify(bin)})`]);
      expect(old.stderr).toBe(`policyc: needs Node.js 20.19.0 or a later 20.x, or 22.12.0 or newer, and this is v${version}\n`);
      expect(old.stdout).toBe('');
      expect(old.code).toBe(2);
    }
  });
});

describe('the module API\'s types, as a dependent\'s TypeScript sees them', () => {
  it('type-checks a script against the installed declarations, without @types/node, and rejects a wrong call', async () => {
    const dir = join(root, 'typed');
    mkdirSync(dir);
    symlinkSync(join(content, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, 'package.json'), '{"type": "module"}\n');
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['publish.ts'] }));
    writeFileSync(join(dir, 'publish.ts'), [
      "import { build, check, clean, formatDiagnostic, FORMATS, init, list, publish, UsageError, version, type BuildResult, type CheckResult, type Diagnostic, type Format } from 'policyc';",
      "const built: BuildResult = await build({ project: '.', out: 'public', formats: ['html', 'pdf'], schools: ['mill-lane-primary'], jobs: 2, pdfStandard: 'ua-1', onProgress: (done: number, total: number) => void [done, total] });",
      'const files: string[] = built.editions.flatMap((e) => e.files.map((f) => `${f.format} ${f.path} ${f.bytes} ${f.sha256}`));',
      'const checked: CheckResult = await check({ strict: true });',
      'const first: Diagnostic | undefined = checked.diagnostics[0];',
      'const formats: readonly Format[] = FORMATS;',
      "const citation: string | undefined = checked.citations[0]?.entry?.url;",
      'const made = await init({ folder: "new" });',
      'console.log(files, first && formatDiagnostic(first), formats, citation, version, (await list()).schools.map((s) => s.name), (await publish()).parts, (await clean()).removed, made.conflicts, new UsageError("x").message);',
      "// @ts-expect-error: 'odt' is not a format",
      "await build({ formats: ['odt'] });",
      "// @ts-expect-error: no such standard",
      "await build({ pdfStandard: 'a-1a' });",
      '',
    ].join('\n'));
    const tsc = await sh(dir, join(REPO, 'node_modules/.bin/tsc'), ['-p', '.']);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  });
});

describe('`npx policyc init` in a folder where policyc was just installed', () => {
  it('scaffolds the repository around the package.json npm wrote, naming the schema the package holds', () => {
    expect(initRun.code, initRun.stderr).toBe(0);
    expect(initRun.stdout.split('\n').filter(Boolean).sort()).toEqual(['.github/workflows/policies.yml', '.gitignore', 'policies/mobile-phones.md', 'schools/_defaults.yaml', 'schools/example-primary.yaml'].map((f) => `created ${f}`));
    expect(initRun.stderr).toContain('policyc: kept package.json as it was\n');
    expect(warnings(initRun.stderr)).toEqual([]);
    const schema = /\$schema=(\S+)/.exec(readFileSync(join(fresh, 'schools/example-primary.yaml'), 'utf8'))![1]!;
    expect(JSON.parse(readFileSync(join(fresh, 'schools', schema), 'utf8')).title).toBe('policyc school config');
  });
});

/** The plain text of a DOCX's body, from its own XML. */
async function docxText(file: string): Promise<string> {
  const xml = await (await JSZip.loadAsync(readFileSync(file))).file('word/document.xml')!.async('string');
  return normalise(xml.replace(/<w:tab\/>/g, ' ').replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, ''));
}

/** A script an LA might write to do its own publishing, with the module API. */
const SCRIPT = `import { build, check, list, version, UsageError } from 'policyc';
const out = 'api-dist';
const built = await build({ out, formats: ['html', 'docx'], jobs: 2 });
const checked = await check();
let usage = '';
try { await build({ schools: ['nowhere'] }); } catch (e) { usage = e instanceof UsageError ? e.message.split('\\n')[0] : String(e); }
console.log(JSON.stringify({ node: process.version, version, ok: built.ok, summary: built.summary, files: built.editions.flatMap((e) => e.files.map((f) => f.path)), errors: checked.errors, warnings: checked.warnings, citations: checked.citations.length, schools: (await list()).schools.map((s) => s.id), usage }));
`;

describe.each(SUPPORTED.map((node) => ({ node, name: `Node.js ${node.version} (${node.path})` })))('the installed package on $name', ({ node }) => {
  const npx = (cwd: string, ...args: string[]) => sh(cwd, 'npx', ['policyc', ...args], node);
  /** Only policyc's own lines on stderr, and no warning among them. */
  const quiet = (ran: Ran) => {
    expect(warnings(ran.stdout + ran.stderr)).toEqual([]);
    for (const line of ran.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^policyc: /);
  };

  it('builds, checks and lists the new repository, and its editions say what the example policy says', async () => {
    const out = `dist-${node.version}`;
    const build = await npx(fresh, 'build', '--out', out);
    quiet(build);
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).toMatch(new RegExp(`policyc: built 1 edition \\(html, docx, pdf\\) into ${out} in [\\d.]+ s\\n$`));
    const file = (ext: string) => join(fresh, out, `example-primary/mobile-phones.${ext}`);
    const expected = [
      '3.2 The Headteacher may agree exceptions for a member of staff (see paragraph 2.1)',
      'Data Protection Act 2018',
      'alex.example@example.org',
    ];
    const html = normalise(htmlText(readFileSync(file('html'), 'utf8')));
    const docx = await docxText(file('docx'));
    for (const text of expected) {
      expect(html).toContain(text);
      expect(docx).toContain(text);
    }
    if (poppler) for (const text of expected) expect(skeleton(runClient('pdftotext', ['-enc', 'UTF-8', file('pdf'), '-']))).toContain(skeleton(text));

    const check = await npx(fresh, 'check');
    quiet(check);
    expect(check.stderr).toBe('policyc: checked 1 policy for 1 school: 0 errors, 0 warnings\n');
    const list = await npx(fresh, 'list', '--json');
    expect(JSON.parse(list.stdout).schools).toEqual([{ id: 'example-primary', name: 'Example Primary School' }]);
    expect((await npx(fresh, '--version')).stdout).toBe(`${pkg.version}\n`);
    // What the command's `#!/usr/bin/env node` finds: this Node.js, first on the PATH (npx adds only node_modules/.bin before it).
    expect((await sh(fresh, 'node', ['--version'], node)).stdout).toBe(`${node.version}\n`);
    expect((await npx(fresh, '--help')).stdout).toMatch(/init \[folder\]/);
  });

  it('builds in shards, publishes them, and cleans what a removed school left', async () => {
    // A copy of the new repository (its installed node_modules linked, not copied) with a second school.
    const project = join(root, `shards ${node.version}`);
    for (const path of ['package.json', 'policies', 'schools']) cpSync(join(fresh, path), join(project, path), { recursive: true });
    symlinkSync(join(fresh, 'node_modules'), join(project, 'node_modules'));
    writeFileSync(join(project, 'schools/example-infant.yaml'), 'name: Example Infant School\n');
    for (const shard of ['1/2', '2/2']) quiet(await npx(project, 'build', '--shard', shard, '--format', 'html'));
    const published = await npx(project, 'publish');
    quiet(published);
    expect(published.stderr).toBe('policyc: merged 2 manifest parts (2 editions) into dist/manifest.json and dist/index.html\n');
    rmSync(join(project, 'schools/example-infant.yaml'));
    const clean = await npx(project, 'clean');
    expect(clean.stdout).toBe('removed dist/example-infant/mobile-phones.html\nremoved dist/example-infant/\n');
    expect(clean.code).toBe(0);
  });

  it('builds an existing folder that holds only content, exactly as the repository builds it, seed text and all', async () => {
    const out = `dist-${node.version}`;
    const build = await npx(content, 'build', '--out', out);
    quiet(build);
    expect(build.code, build.stderr).toBe(0);
    const check = await npx(content, 'check');
    expect(check.stderr).toMatch(/policyc: checked 5 policies for 3 schools: 0 errors, 6 warnings\n$/);

    // The same editions, byte for byte, as the repository's own sources make from the same files.
    const reference = scratchProject({ library: true });
    expect((await cli(reference, 'build', '--jobs', '1', '--quiet')).code).toBe(0);
    for (const school of ['mill-lane-primary', 'riverside-infant', 'ysgol-ty-dwr']) {
      for (const ext of ['html', 'docx', 'pdf']) for (const policy of ['social-networking', 'whistleblowing']) {
        const path = `${school}/${policy}.${ext}`;
        expect(readFileSync(join(content, out, path)).equals(readFileSync(join(reference, 'dist', path))), path).toBe(true);
      }
    }
    const mill = (ext: string) => join(content, out, `mill-lane-primary/social-networking.${ext}`);
    expect(missingFromText(htmlText(readFileSync(mill('html'), 'utf8')))).toEqual([]);
    if (poppler) expect(missingFromText(bodyText(mill('pdf')), skeleton)).toEqual([]);
  });

  it('runs the module API from an LA\'s own script, in both folders', async () => {
    for (const [folder, school, warned] of [[fresh, 'example-primary', 0], [content, 'riverside-infant', 6]] as const) {
      writeFileSync(join(folder, 'publish.mjs'), SCRIPT);
      const ran = await sh(folder, node.path, ['publish.mjs'], node);
      quiet(ran);
      expect(ran.code, ran.stderr).toBe(0);
      const result = JSON.parse(ran.stdout);
      expect(result).toMatchObject({ node: node.version, version: pkg.version, ok: true, errors: 0, warnings: warned, usage: expect.stringMatching(/^unknown school `nowhere`/) });
      expect(result.files).toContain(`${school}/${folder === fresh ? 'mobile-phones' : 'social-networking'}.docx`);
      expect(result.schools).toContain(school);
      expect(existsSync(join(folder, 'api-dist/index.html'))).toBe(true);
    }
  });
});

describe('a clean clone of this repository', () => {
  it('`npm ci` and `npx policyc build` print no warning on the machine\'s Node.js', async () => {
    expect(warnings(cloneInstall.stdout + cloneInstall.stderr)).toEqual([]);
    const build = await sh(clone, 'npx', ['policyc', 'build']);
    expect(warnings(build.stdout + build.stderr)).toEqual([]);
    expect(build.stderr).toMatch(/policyc: built 15 editions \(html, docx, pdf\) into dist in [\d.]+ s\n$/);
    expect(build.code).toBe(0);
  });
});
