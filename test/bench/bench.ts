/**
 * npm run bench [-- --schools 1000 --pandoc-sample 40 --rounds 3]
 *
 * Generates N school configs from the shipped ones, builds the seed policy for all
 * of them in every format, and prints editions/s, wall time, CPU time and peak RSS
 * (at 100 and N schools, to show cost grows linearly), a no-change rebuild, a cold
 * one-school build, and the DOCX + HTML share of the same work by policyc and by
 * pandoc, in alternating rounds, with the median ratio.
 * Targets (2-core machine): N=1000 × 3 formats ≤ 20 s wall, peak RSS ≤ 500 MB,
 * ≥ 20× pandoc on DOCX + HTML, one school cold ≤ 1 s, no-change rebuild ≤ 2 s.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDocument } from 'yaml';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const NODE = process.execPath;
const BIN = join(REPO, 'bin/policyc.js');

const { values } = parseArgs({ options: { schools: { type: 'string', default: '1000' }, 'pandoc-sample': { type: 'string', default: '40' }, formats: { type: 'string', default: 'html,docx,pdf' }, rounds: { type: 'string', default: '3' } } });
const N = Number(values.schools);
const SAMPLE = Number(values['pandoc-sample']);
const FORMATS = values.formats!;
const ROUNDS = Number(values.rounds);

/**
 * A project of `count` schools: the seed policy alone (the figures every earlier bench
 * measured), or with `library` every shipped policy.
 */
function project(count: number, library = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'policyc-bench-'));
  cpSync(join(REPO, 'policies'), join(dir, 'policies'), { recursive: true, filter: (source) => library || !/\.md$/.test(source) || source.endsWith('/social-networking.md') });
  cpSync(join(REPO, 'templates'), join(dir, 'templates'), { recursive: true });
  cpSync(join(REPO, 'schools/_defaults.yaml'), join(dir, 'schools/_defaults.yaml'));
  const riverside = library ? readFileSync(join(REPO, 'schools/riverside-infant.yaml'), 'utf8') : withoutRegister(readFileSync(join(REPO, 'schools/riverside-infant.yaml'), 'utf8'));
  for (let i = 0; i < count; i++) {
    // Alternate the two shipped shapes: defaults only (Mill Lane) and overrides (Riverside).
    const text = i % 2 === 0 ? `name: Bench Primary School ${i}\n` : riverside.replace(/^name: .*$/m, `name: Bench Infant School ${i}`);
    writeFileSync(join(dir, `schools/school-${String(i).padStart(5, '0')}.yaml`), text);
  }
  return dir;
}

/**
 * A school's config without its adoption register: the seed project's figures are of the
 * editions alone, as every earlier bench measured them (and the register names policies
 * the seed project lacks). The library bench keeps the registers.
 */
function withoutRegister(text: string): string {
  const doc = parseDocument(text);
  doc.delete('adoptions');
  return doc.toString();
}

interface Run {
  wall: number;
  cpu: number;
  rssMb: number;
  editions: number;
}

/** Runs `policyc build` as a user would and measures it with GNU time's rusage (children included). */
function policyc(dir: string, args: string[], command = 'build'): Run {
  // Each measurement starts with the disk quiet: files the previous one wrote are flushed first.
  spawnSync('sync');
  const started = performance.now();
  const result = spawnSync('/usr/bin/env', ['bash', '-c', `TIMEFORMAT='%U %S'; { time "${NODE}" "${BIN}" ${command} --quiet --json ${args.join(' ')} > report.json; } 2> time.txt; echo $? > code.txt`], { cwd: dir, encoding: 'utf8' });
  const wall = (performance.now() - started) / 1000;
  if (readFileSync(join(dir, 'code.txt'), 'utf8').trim() !== '0') throw new Error(`build failed: ${result.stderr}${readFileSync(join(dir, 'report.json'), 'utf8').slice(0, 2000)}`);
  const [user, sys] = readFileSync(join(dir, 'time.txt'), 'utf8').trim().split(/\s+/).map(Number) as [number, number];
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  return { wall, cpu: user + sys, rssMb: report.peakRssMb ?? NaN, editions: report.summary?.built ?? report.summaries.length };
}

function line(label: string, run: Run) {
  const rate = run.editions / run.wall;
  console.log(`${label.padEnd(44)} ${String(run.editions).padStart(5)} editions  ${run.wall.toFixed(2).padStart(7)} s wall  ${run.cpu.toFixed(2).padStart(7)} s CPU  ${rate.toFixed(1).padStart(7)} editions/s  peak RSS ${run.rssMb.toFixed(0)} MB`);
}

/** The already-templated Markdown of `sample` editions, as pandoc would be given it; undefined without pandoc. */
async function pandocInputs(dir: string, sample: number): Promise<string[] | undefined> {
  if (spawnSync('pandoc', ['--version']).status !== 0) return undefined;
  const { Templating } = await import('../../src/templating/engine.ts');
  const { loadProject } = await import('../../src/project/load-project.ts');
  const { editionContext } = await import('../../src/templating/context.ts');
  const { detokenize } = await import('../../src/templating/tokens.ts');
  const loaded = await loadProject(dir);
  const templating = await Templating.load(loaded.templatesDir);
  const compiled = templating.compile(loaded.policies[0]!).compiled!;
  return loaded.schools.slice(0, sample).map((school, i) => {
    const { context, values } = editionContext(loaded.policies[0]!, school);
    const file = join(dir, `pandoc-${i}.md`);
    writeFileSync(file, detokenize(compiled.render(context), values));
    return file;
  });
}

/** pandoc doing the DOCX + HTML share of the work (md → docx, md → html per edition), one process per core; editions/s. */
async function pandocRate(inputs: string[]): Promise<number> {
  spawnSync('sync');
  const started = performance.now();
  let next = 0;
  const lanes = Array.from({ length: availableParallelism() }, async () => {
    while (next < inputs.length) {
      const file = inputs[next++]!;
      for (const [to, ext] of [['docx', 'docx'], ['html5', 'html']] as const) {
        await new Promise<void>((resolve, reject) => {
          const p = spawn('pandoc', ['-f', 'gfm', '-t', to, '-s', '--metadata', 'title=Policy', '-o', `${file}.${ext}`, file], { stdio: 'ignore' });
          p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pandoc exited ${code}`))));
        });
      }
    }
  });
  await Promise.all(lanes);
  return inputs.length / ((performance.now() - started) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`policyc bench: ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; formats ${FORMATS}`);

const small = project(100);
line(`build 100 schools × ${FORMATS}`, policyc(small, ['--format', FORMATS]));
const library = project(200, true);
line(`build the library (5 policies) for 200 schools × ${FORMATS}`, policyc(library, ['--format', FORMATS]));
rmSync(small, { recursive: true, force: true });

const big = project(N);
const full = policyc(big, ['--format', FORMATS]);
line(`build ${N} schools × ${FORMATS}`, full);
line(`no-change rebuild of ${N}`, { ...policyc(big, ['--format', FORMATS]), editions: N });
const one = policyc(big, ['--format', FORMATS, '--school', 'school-00000', '--out', 'one']);
line('one school cold (all formats)', { ...one, editions: 1 });

// DOCX + HTML against pandoc: ROUNDS rounds, each policyc then pandoc, so both see the machine alike; the median ratio counts.
const inputs = await pandocInputs(big, SAMPLE);
const ratios: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const share = policyc(big, ['--format', 'html,docx', '--force', '--out', `share-${round}`]);
  line(`build ${N} schools × html,docx (round ${round})`, share);
  if (!inputs) continue;
  const theirs = await pandocRate(inputs);
  const ours = share.editions / share.wall;
  ratios.push(ours / theirs);
  console.log(`  pandoc md→docx + md→html, ${SAMPLE} editions, ${availableParallelism()} at a time: ${theirs.toFixed(1)} editions/s; policyc ${ours.toFixed(1)} editions/s = ${(ours / theirs).toFixed(1)}× pandoc`);
}
if (!inputs) console.log('pandoc: not installed (apt-get install pandoc) — no comparison');
else console.log(`policyc html+docx vs pandoc: median ${median(ratios).toFixed(1)}× over ${ROUNDS} rounds (${ratios.map((r) => r.toFixed(1)).join(', ')})`);

// Change summaries: the seed policy's next version (one clause edited, one added) against the committed one, beside a build of the same editions.
const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.org', ...args], { cwd: big, encoding: 'utf8' });
git('init', '-q', '-b', 'main');
git('add', 'policies', 'schools', 'templates');
git('commit', '-q', '-m', 'bench: version as shipped');
const seed = join(big, 'policies/social-networking.md');
const text = readFileSync(seed, 'utf8');
const version = /^version: "?([^"\n]+)"?$/m.exec(text)![1]!;
const next = text
  .replace(/^version: .*$/m, 'version: "99.0"')
  .replace(/(^history:[\s\S]*?)(\n---)/m, `$1\n  - version: "99.0"\n    date: 2026-09-01\n    summary: Bench revision\n    approved-by: Bench$2`)
  .replace(/^(1\. .{20,}?)\.$/m, '$1, as the LA has agreed.')
  .replace(/^(# .*)$/m, '$1\n\n1. A clause the bench adds, which renumbers the rest.');
writeFileSync(seed, next);
git('commit', '-q', '-am', 'bench: next version');
const rebuilt = policyc(big, ['--format', FORMATS, '--force', '--out', 'changes-build']);
line(`build ${N} schools × ${FORMATS} (next version)`, rebuilt);
const changes = policyc(big, ['--format', FORMATS, '--out', 'changes-out'], 'changes');
line(`change summaries (from ${version}) of ${N} schools × ${FORMATS}`, changes);
console.log(`change summaries vs build: ${(changes.wall / rebuilt.wall).toFixed(2)}× wall, ${(changes.cpu / rebuilt.cpu).toFixed(2)}× CPU (target: at most 2×)`);
rmSync(big, { recursive: true, force: true });
