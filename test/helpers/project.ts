import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, writeFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.ts';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The seed project within the shipped one: the seed policy and the two LA schools (with the defaults and the figures). */
const SEED = new Set(['policies/social-networking.md', 'schools/mill-lane-primary.yaml', 'schools/riverside-infant.yaml']);
const seedOnly = (source: string): boolean => {
  const rel = source.slice(REPO.length).replace(/^\/+/, '');
  if (rel === 'policies' || rel === 'schools') return true;
  if (rel.startsWith('policies/figures') || rel === 'schools/_defaults.yaml') return true;
  return SEED.has(rel);
};

/**
 * A scratch copy of the shipped project to build or break: by default the seed policy
 * for the two LA schools (and the defaults, figures and templates), as most tests need;
 * with `library`, the whole shipped library (every policy, school and trust). With
 * `folder`, in a folder of that name (such as one with a space, `School Policies`).
 */
export function scratchProject(options: { files?: Record<string, string>; folder?: string; library?: boolean } = {}): string {
  const top = mkdtempSync(join(tmpdir(), 'policyc-'));
  scratch.push(top);
  const dir = options.folder ? join(top, options.folder) : top;
  for (const folder of ['policies', 'schools']) {
    cpSync(join(REPO, folder), join(dir, folder), { recursive: true, ...(options.library ? {} : { filter: seedOnly }) });
  }
  if (!options.library) seedRegisters(dir);
  cpSync(join(REPO, 'templates'), join(dir, 'templates'), { recursive: true });
  for (const [path, text] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/**
 * The seed project's schools keep only the seed policy's adoption, so their registers
 * name no policy the project lacks. The register is each shipped school's last key, an
 * entry a line `  <policy-id>:` and the lines below it.
 */
function seedRegisters(dir: string): void {
  for (const name of readdirSync(join(dir, 'schools')).filter((n) => n.endsWith('.yaml') && !n.startsWith('_'))) {
    const path = join(dir, 'schools', name);
    const lines = readFileSync(path, 'utf8').split('\n');
    const start = lines.indexOf('adoptions:');
    if (start < 0) continue;
    let keep = true;
    const register = lines.slice(start + 1).filter((line) => {
      const entry = /^  ([a-z0-9-]+):$/.exec(line);
      if (entry) keep = entry[1] === 'social-networking';
      return keep;
    });
    writeFileSync(path, [...lines.slice(0, start + 1), ...register].join('\n'));
  }
}

/**
 * A copy of policyc itself (bin, src, templates, package files; node_modules linked)
 * in a folder whose path has spaces, as if installed there.
 */
export function toolCopy(): string {
  const top = mkdtempSync(join(tmpdir(), 'policyc tool '));
  scratch.push(top);
  const tool = join(top, 'Policy Compiler');
  for (const name of ['bin', 'src', 'templates', 'package.json', 'package-lock.json']) cpSync(join(REPO, name), join(tool, name), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(tool, 'node_modules'));
  return tool;
}

/** Runs the CLI in-process, as `policyc …` run in `cwd`. */
export async function cli(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'policyc', ...args], { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** Adds `count` schools to a scratch project, each a copy of Riverside with its own name. */
export function addSchools(dir: string, count: number): void {
  const riverside = readFileSync(join(dir, 'schools/riverside-infant.yaml'), 'utf8');
  for (let i = 1; i <= count; i++) {
    writeFileSync(join(dir, `schools/school-${String(i).padStart(3, '0')}.yaml`), riverside.replace(/^name: .*$/m, `name: School number ${i}`));
  }
}

/** Every file under a folder with its bytes' hash, for comparing two builds. */
export function snapshot(dir: string, base = dir): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(out, snapshot(path, base));
    else out[path.slice(base.length + 1)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}
