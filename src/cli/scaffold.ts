import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The files of a new project, beside this module (copied into lib/ with the compiled code). */
const FILES = fileURLToPath(new URL('./init', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

export interface InitResult {
  /** Nothing was written because files init would write are there already (`conflicts`). */
  ok: boolean;
  /** The folder scaffolded, absolute. */
  folder: string;
  /** Files written, relative to the folder, with forward slashes. */
  created: string[];
  /** Files that exist already: init writes nothing when there is any (a package.json is kept instead). */
  conflicts: string[];
  /** A package.json was there already and was left as it is. */
  keptPackageJson: boolean;
  /** The folder's package.json (new or kept) has policyc among its dependencies. */
  dependsOnPolicyc: boolean;
}

/** Where a file of init/ goes in the new project: npm never packs a file named .gitignore, nor is a dot-folder wanted here. */
function target(path: string): string {
  return path === 'gitignore' || path.startsWith('github/') ? `.${path}` : path;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** A package name from a folder name: lower case, letters, digits and hyphens. */
function packageName(folder: string): string {
  const name = basename(folder).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|[-]+$/g, '').slice(0, 214);
  return name || 'policies';
}

function newPackageJson(folder: string): string {
  const json = {
    name: packageName(folder),
    version: '1.0.0',
    private: true,
    description: 'Staff policies for our schools, built into per-school editions by policyc',
    type: 'module',
    scripts: { build: 'policyc build', check: 'policyc check' },
    dependencies: { [pkg.name]: `^${pkg.version}` },
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function dependsOnPolicyc(text: string): boolean {
  try {
    const json = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
    return ['dependencies', 'devDependencies'].some((k) => Object.hasOwn(json[k] ?? {}, pkg.name));
  } catch {
    return false;
  }
}

/**
 * Scaffolds an LA's policy repository in `folder` (made if missing): package.json with
 * policyc as a dependency, an example policy, the LA defaults and one school, .gitignore
 * and the GitHub Actions workflow. It never overwrites a file: if any of them exists,
 * nothing is written. A package.json already there (as `npm install policyc` leaves one)
 * is kept as it is.
 */
export function scaffold(folder: string): InitResult {
  const root = resolve(folder);
  const files = new Map(filesUnder(FILES).map((file) => [target(relative(FILES, file).split(sep).join('/')), readFileSync(file, 'utf8')]));
  const existing = existsSync(join(root, 'package.json')) ? readFileSync(join(root, 'package.json'), 'utf8') : undefined;
  if (existing === undefined) files.set('package.json', newPackageJson(root));
  const conflicts = [...files.keys()].filter((path) => existsSync(join(root, path)));
  const result = { folder: root, conflicts, keptPackageJson: existing !== undefined, dependsOnPolicyc: dependsOnPolicyc(existing ?? files.get('package.json')!) };
  if (conflicts.length) return { ok: false, created: [], ...result };
  for (const [path, text] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text, { flag: 'wx' });
  }
  return { ok: true, created: [...files.keys()].sort(), ...result };
}
