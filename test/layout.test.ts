import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/project.ts';

/**
 * The layout of src/: its folders are the stages of the pipeline, in order, and a
 * stage imports only itself and the stages below it. Read from the imports themselves
 * (static, type-only, side-effect and dynamic), so a violation fails here.
 */
const STAGES = ['diagnostics', 'sources', 'legislation', 'schools', 'project', 'import', 'lint', 'templating', 'document', 'compare', 'writers', 'output', 'batch', 'preview', 'cli'];
/** Data, not code: JSON Schemas any stage may read. */
const DATA = ['schemas'];
/** The package's module API: the one file at the top of src/; it may import any stage, and nothing imports it. */
const ENTRY = 'index.ts';

const SRC = join(REPO, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import of a file, resolved to a path. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?(?:from\s*)?'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]!);
  return specs.map((s) => resolve(dirname(file), s));
}

const files = sources(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f).filter((i) => i.startsWith(SRC))]));
const rel = (path: string) => relative(SRC, path);
const stage = (path: string) => rel(path).split('/')[0]!;

/** Imports of a stage above the importer's, and of the entry by anything. */
function upwardImports(graph: Map<string, string[]>): string[] {
  const violations: string[] = [];
  for (const [file, imports] of graph) {
    const from = stage(file) === ENTRY ? STAGES.length : STAGES.indexOf(stage(file));
    for (const target of imports) {
      if (DATA.includes(stage(target))) continue;
      if (stage(target) === ENTRY) {
        violations.push(`${rel(file)} imports ${ENTRY} (the module API is the package's entry; nothing in src/ imports it)`);
        continue;
      }
      if (STAGES.indexOf(stage(target)) > from) violations.push(`${rel(file)} imports ${rel(target)} (${stage(target)} is above ${stage(file)})`);
    }
  }
  return violations;
}

/** Imports by a writer of anything but the document model, shared writer code and its own folder. */
function writerImports(graph: Map<string, string[]>): string[] {
  const violations: string[] = [];
  for (const [file, imports] of graph) {
    const path = rel(file);
    if (stage(file) !== 'writers' || path === 'writers/registry.ts') continue;
    const own = path.split('/')[1]!;
    for (const target of imports) {
      const to = rel(target);
      if (!(to.startsWith('document/') || to.startsWith('writers/shared/') || to.startsWith(`writers/${own}/`))) violations.push(`${path} imports ${to}`);
    }
  }
  return violations;
}

/** Every import cycle, as a path of files. */
function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next].map(rel).join(' → '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('the layout of src/', () => {
  it('has one folder per stage, none named like generated output, and at the top only the entry (and the build config)', () => {
    const folders = readdirSync(SRC).filter((n) => statSync(join(SRC, n)).isDirectory()).sort();
    expect(folders).toEqual([...STAGES, ...DATA].sort());
    expect(readdirSync(SRC).filter((n) => !folders.includes(n)).sort()).toEqual([ENTRY, 'tsconfig.build.json']);
    for (const f of files) expect(rel(f).split('/').slice(0, -1).filter((d) => ['build', 'dist', 'out', 'lib'].includes(d)), rel(f)).toEqual([]);
  });

  it('finds the imports it checks', () => {
    // A guard on the reader itself: the batch run imports the writers' registry and the pool loads its worker.
    expect(graph.get(join(SRC, 'batch/render-edition.ts'))).toContain(join(SRC, 'writers/registry.ts'));
    expect(graph.get(join(SRC, 'writers/registry.ts'))).toContain(join(SRC, 'writers/pdf/write-pdf.ts'));
    expect(graph.get(join(SRC, 'templating/engine.ts'))).toContain(join(SRC, 'templating/handlebars-parse-error.ts'));
    expect(graph.get(join(SRC, ENTRY))).toContain(join(SRC, 'batch/build.ts'));
  });

  it('no stage imports a stage above it in the pipeline', () => expect(upwardImports(graph)).toEqual([]));

  it('a writer imports only the document model, shared writer code and its own folder; only the registry names the writers', () =>
    expect(writerImports(graph)).toEqual([]));

  it('has no import cycles between files', () => expect(cycles(graph)).toEqual([]));

  it('each check finds the violation it is for', () => {
    const f = (p: string) => join(SRC, p);
    const bad = new Map([
      [f('document/a.ts'), [f('writers/html/write-html.ts')]],
      [f('writers/pdf/x.ts'), [f('templating/tokens.ts'), f('writers/shared/y.ts')]],
      [f('sources/p.ts'), [f('sources/q.ts')]],
      [f('sources/q.ts'), [f('sources/p.ts')]],
      [f('index.ts'), [f('cli/main.ts'), f('diagnostics/diagnostic.ts')]],
      [f('cli/x.ts'), [f('index.ts')]],
    ]);
    expect(upwardImports(bad)).toEqual([
      'document/a.ts imports writers/html/write-html.ts (writers is above document)',
      "cli/x.ts imports index.ts (the module API is the package's entry; nothing in src/ imports it)",
    ]);
    expect(writerImports(bad)).toEqual(['writers/pdf/x.ts imports templating/tokens.ts']);
    expect(cycles(bad)).toEqual(['sources/p.ts → sources/q.ts → sources/p.ts']);
  });
});
