/**
 * node test/bench/limits.ts [-- --only <name,…>] [--kill-after <s>]
 *
 * The limits on a policy (src/sources/limits.ts), measured. For each pathological
 * input an outside probe found (4,000 footnotes, 100,000 clauses, a 60,000-row table,
 * 30,000 labels, 50,000 sections, a 1.9 MB word, nested emphasis, a line of 50,000 `[`,
 * lists nested 1,000 deep, …) and for policies at the limits (each as near one or more
 * limits as it can be, and one near all of them at once), it writes a project of one
 * policy and one school and times `policyc check` and `policyc build` (every format)
 * as a user would run them, with GNU time's peak RSS (children included).
 * Targets (2-core machine): past a limit, `check` and `build` fail in under 5 s;
 * within them, `build` finishes in under 10 s and 1 GB. Exits 1 if a target is missed.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const NODE = process.execPath;
const BIN = join(REPO, 'bin/policyc.js');
const { values } = parseArgs({ options: { only: { type: 'string' }, 'kill-after': { type: 'string', default: '120' } } });
const ONLY = values.only?.split(',');
const KILL_AFTER = Number(values['kill-after']);

const FRONT = '---\ntitle: Probe\nversion: "1.0"\nowner: HR\napproved: 2026-01-01\nreview: 2027-01-01\napplies-to: All\n---\n\n';
const PROSE = 'The quick brown fox jumps over the lazy dog, and then some more words follow here. ';
const words = (n: number) => PROSE.repeat(Math.ceil(n / PROSE.length)).slice(0, n).trim();
const nested = (depth: number, leaf: string, marker = '1. ', pad = '') =>
  Array.from({ length: depth - 1 }, (_, i) => `${pad}${'   '.repeat(i)}${marker}item\n`).join('') + `${pad}${'   '.repeat(depth - 1)}${marker}${leaf}\n`;
const fill = (head: string, unit: string, size: number) => {
  let text = head;
  while (text.length + unit.length < size) text += unit;
  return text;
};
const KB = 1024;

/** The probe's inputs, each past a limit: they must fail, fast. */
const past: Record<string, () => string> = {
  'footnotes-4000': () => `# S\n\n${Array.from({ length: 4000 }, (_, i) => `1. Clause[^n${i}].\n`).join('')}\n${Array.from({ length: 4000 }, (_, i) => `[^n${i}]: Note ${i}.\n`).join('')}`,
  'footnotes-20000': () => `# S\n\n${Array.from({ length: 20000 }, (_, i) => `1. Clause[^n${i}].\n`).join('')}\n${Array.from({ length: 20000 }, (_, i) => `[^n${i}]: Note ${i}.\n`).join('')}`,
  'clauses-100000': () => `# S\n\n${'1. Clause text.\n'.repeat(100_000)}`,
  'clauses-15000': () => `# S\n\n${'1. Clause text.\n'.repeat(15_000)}`,
  'table-60000': () => `# S\n\n| a | b |\n| --- | --- |\n${'| c | d |\n'.repeat(60_000)}`,
  'table-40000-in-256KB': () => `# S\n\n| a | b |\n| - | - |\n${'|c|d|\n'.repeat(40_000)}`,
  'labels-30000': () => `# S\n\n${Array.from({ length: 30_000 }, (_, i) => `1. {#l${i}} Clause, see [](#l${(i + 1) % 30_000}).\n`).join('')}`,
  'labels-15000-in-256KB': () => `# S\n\n${Array.from({ length: 15_000 }, (_, i) => `1. {#l${i}} x\n`).join('')}`,
  'sections-50000': () => Array.from({ length: 50_000 }, (_, i) => `# Section ${i}\n\n`).join(''),
  'sections-50000-in-256KB': () => '# S\n\n'.repeat(50_000),
  'word-1.9MB': () => `# S\n\n1. ${'a'.repeat(1_900_000)}\n`,
  'word-200KB': () => `# S\n\n1. ${'a'.repeat(200_000)}\n`,
  'emphasis-42KB': () => `# S\n\n1. ${'*a '.repeat(7000)}x${' b*'.repeat(7000)}\n`,
  'emphasis-120KB': () => `# S\n\n1. ${'*a '.repeat(20_000)}x${' b*'.repeat(20_000)}\n`,
  'emphasis-lines-120KB': () => `# S\n\n1. ${'*a\n'.repeat(20_000)}x${' b*\n'.repeat(20_000)}`,
  'brackets-50000': () => `# S\n\n1. ${'['.repeat(50_000)}\n`,
  'brackets-lines-50000': () => `# S\n\n1. ${`${'['.repeat(100)}\n`.repeat(500)}`,
  'star-underscore-50000': () => `# S\n\n1. ${'*_'.repeat(25_000)}a\n`,
  'quotes-50000': () => `# S\n\n${'>'.repeat(50_000)} a\n`,
  'lists-1000-deep': () => `# S\n\n${Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- item\n`).join('')}`,
  'lists-300-deep': () => `# S\n\n${Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- item\n`).join('')}`,
  'lists-1000-deep-one-line': () => `# S\n\n${'- '.repeat(1000)}x\n`,
  'blockquotes-2000': () => `# S\n\n${'> a\n\n'.repeat(2000)}`,
  'template-nesting-5000': () => `${'{{#if school.name}}\n'.repeat(5000)}x\n${'{{/if}}\n'.repeat(5000)}`,
  'footnote-refers-to-itself': () => '# S\n\n1. Clause[^a].\n\n[^a]: See[^a].\n',
  'links-deep-10': () => `# S\n\n${nested(10, '[](#x) '.repeat(400), '- ')}\n# X {#x}\n`,
};

/** Policies at the limits: they must build in every format, in under 10 s and 1 GB. */
const within: Record<string, () => string> = {
  'at-size-prose': () => fill('# S\n\n', `${words(1000)}\n\n`, 250 * KB),
  'at-list-items': () => `# S\n\n${`1. ${words(118)}\n`.repeat(2000)}`,
  'at-headings': () => Array.from({ length: 1000 }, (_, i) => `# Section ${i}\n\n${words(230)}\n\n`).join(''),
  'at-same-headings': () => Array.from({ length: 1000 }, () => `## Notes {-}\n\n${words(230)}\n\n`).join(''),
  'at-footnotes-deep': () => `# S\n\n${Array.from({ length: 20 }, (_, i) => nested(5, `${words(200)}[^n${i}]`)).join('')}\n${Array.from({ length: 20 }, (_, i) => `[^n${i}]: ${words(2000)} *a* [x](#x)\n`).join('')}\n# X {#x}\n`,
  'at-links-deep': () => `# S\n\n${Array.from({ length: 20 }, () => nested(5, '[](#x) '.repeat(50), '- ')).join('')}\n# X {#x}\n`,
  'at-labels-and-references': () => `# S\n\n${Array.from({ length: 1000 }, (_, i) => `1. {#l${i}} ${words(150)} [](#l${(i * 7) % 1000}).\n`).join('')}`,
  'at-table-rows': () => `# S\n\n|a|b|c|d|e|\n|-|-|-|-|-|\n${Array.from({ length: 1999 }, () => `| ${words(50)} | ${words(50)} | x | y | z |\n`).join('')}`,
  'at-table-cells': () => `# S\n\n${Array.from({ length: 10 }, () => `|${'a|'.repeat(50)}\n|${'-|'.repeat(50)}\n${`|${'x|'.repeat(50)}\n`.repeat(19)}\n`).join('')}`,
  'at-markup': () => `# S\n\n${Array.from({ length: 25 }, () => `${'*a* **b** `d` ~~e~~ *f* _g_ '.repeat(40)}\n\n`).join('')}`,
  'at-word-length': () => fill('# S\n\n', `1. ${'a'.repeat(1000)} ${'b'.repeat(1000)}\n`, 250 * KB),
  'at-nesting': () => `# S\n\n${nested(5, 'item', '- ')}\n${nested(5, 'item [](#x) x[^a]')}\n${'> '.repeat(5)}quote [](#x)\n\n> - > - > quote\n\n[^a]: note\n\n# X {#x}\n`,
  'at-inline-nesting': () => `# S\n\n${Array.from({ length: 100 }, () => nested(5, '*a **b ~~c [d *a **b ~~c [d x](#x)~~ b** a*](#x)~~ b** a*')).join('')}\n# X {#x}\n`,
  'at-block-quotes': () => `# S\n\n${`> ${words(400)}\n\n`.repeat(500)}`,
  'near-elements': () => `# S\n\n${'*a* b *c* d *e* f *g* h *i* j *k* l *m*\n\n'.repeat(500)}${'- a\n'.repeat(1900)}\n|${'a|'.repeat(40)}\n|${'-|'.repeat(40)}\n${`|${'x|'.repeat(40)}\n`.repeat(60)}\n${Array.from({ length: 2000 }, (_, i) => `p${i}\n\n`).join('')}`,
  'at-lines': () => `# S\n\n${'a\n\n'.repeat(4990)}`,
  'near-all-at-once': () => {
    const sections = Array.from({ length: 60 }, (_, i) => `# Section ${i}\n\n${Array.from({ length: 6 }, (_, j) => `1. {#l${i}-${j}} ${words(150)} *em* **strong** [](#l${(i + 1) % 60}-${j}) and [a link](https://example.org/${i}/${j}).\n`).join('')}${nested(4, `${words(80)} [](#l${i}-0)`, '1. ', '   ')}\n| a | b | c | d |\n| - | - | - | - |\n${`| ${words(30)} | y | z | w |\n`.repeat(10)}\n> ${words(200)}\n\n`).join('');
    const notes = `# Notes\n\n${Array.from({ length: 20 }, (_, i) => nested(5, `note[^n${i}]`)).join('')}\n${Array.from({ length: 20 }, (_, i) => `[^n${i}]: ${words(300)}\n`).join('')}\n`;
    return fill(sections + notes, `${words(1000)}\n\n`, 250 * KB);
  },
};

const scratch = mkdtempSync(join(tmpdir(), 'policyc-limits-'));
function project(name: string, body: string): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'policies'), { recursive: true });
  mkdirSync(join(dir, 'schools'), { recursive: true });
  cpSync(join(REPO, 'templates'), join(dir, 'templates'), { recursive: true });
  cpSync(join(REPO, 'schools/_defaults.yaml'), join(dir, 'schools/_defaults.yaml'));
  cpSync(join(REPO, 'schools/mill-lane-primary.yaml'), join(dir, 'schools/mill-lane-primary.yaml'));
  writeFileSync(join(dir, 'policies/probe.md'), FRONT + body);
  return dir;
}

interface Measured {
  code: number | null;
  wall: number;
  rssMb: number;
  error: string;
}

function run(dir: string, command: 'check' | 'build'): Measured {
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  const time = join(dir, 'time.txt');
  const args = ['-f', '%e %M', '-o', time, NODE, BIN, command, ...(command === 'build' ? ['--quiet'] : []), '-C', dir];
  const result = spawnSync('/usr/bin/time', args, { encoding: 'utf8', timeout: KILL_AFTER * 1000, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 });
  const [wall, kb] = existsSync(time) ? readFileSync(time, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number) as [number, number] : [KILL_AFTER, NaN];
  const error = `${result.stderr ?? ''}`.split('\n').find((l) => / error: |internal error/.test(l)) ?? '';
  return { code: result.status, wall: result.error ? KILL_AFTER : wall, rssMb: kb / 1024, error };
}

if (!existsSync('/usr/bin/time')) {
  console.error('needs GNU time (/usr/bin/time) for peak RSS');
  process.exit(2);
}
let missed = 0;
const show = (name: string, command: string, m: Measured, ok: boolean) => {
  if (!ok) missed += 1;
  console.log(`${ok ? ' ' : '!'} ${name.padEnd(28)} ${command.padEnd(5)} exit ${String(m.code).padStart(4)}  ${m.wall.toFixed(2).padStart(6)} s  ${m.rssMb.toFixed(0).padStart(5)} MB  ${m.error.slice(0, 150)}`);
};
console.log('past a limit: must fail (exit 1) with a located error in under 5 s');
for (const [name, make] of Object.entries(past)) {
  if (ONLY && !ONLY.includes(name)) continue;
  const dir = project(name, make());
  for (const command of ['check', 'build'] as const) {
    const m = run(dir, command);
    show(name, command, m, m.code === 1 && m.wall < 5 && /^policies\/probe\.md:\d+:\d+: error: /.test(m.error));
  }
}
console.log('within the limits: must build every format in under 10 s and 1 GB');
for (const [name, make] of Object.entries(within)) {
  if (ONLY && !ONLY.includes(name)) continue;
  const dir = project(name, make());
  const m = run(dir, 'build');
  show(name, 'build', m, m.code === 0 && m.wall < 10 && m.rssMb < 1024);
}
rmSync(scratch, { recursive: true, force: true });
process.exitCode = missed ? 1 : 0;
