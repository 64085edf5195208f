import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { UsageError } from '../diagnostics/diagnostic.ts';
import { loadProject, type Project } from '../project/load-project.ts';

/** Most output read from one git command (an archive of the sources at a commit included). */
const MAX_OUTPUT = 256 * 1024 * 1024;
/** Most commits of a policy's history read to find its previous version. */
const MAX_HISTORY = 500;

function git(cwd: string, args: string[]): Promise<{ ok: true; out: string } | { ok: false; message: string }> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, maxBuffer: MAX_OUTPUT, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } }, (e, stdout, stderr) => {
      if (e) resolve({ ok: false, message: (stderr || e.message).trim().split('\n')[0] ?? e.message });
      else resolve({ ok: true, out: stdout });
    });
  });
}

/** The project's place in its git repository. */
export interface Repository {
  /** The project folder. */
  root: string;
  /** The project folder's path inside the repository, "" or "la/" (with the slash). */
  prefix: string;
}

/** The git repository the project is in: a usage error saying so when it is in none (or git is missing). */
export async function openRepository(root: string): Promise<Repository> {
  const found = await git(root, ['rev-parse', '--show-prefix']);
  if (!found.ok) throw new UsageError(`${root} is not in a git repository (${found.message}): \`policyc changes\` compares with the policy's earlier versions in git; run \`git init\` and commit the project`);
  return { root, prefix: found.out.trim() };
}

/** Whether the project is in a git repository with at least one commit (check's version warnings need one). */
export async function inRepository(root: string): Promise<Repository | undefined> {
  const found = await git(root, ['rev-parse', '--show-prefix']);
  if (!found.ok) return undefined;
  const head = await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  return head.ok ? { root, prefix: found.out.trim() } : undefined;
}

/** The commit a ref names: a usage error naming the ref when it names none. */
export async function resolveCommit(repo: Repository, ref: string): Promise<string> {
  if (ref.startsWith('-')) throw new UsageError(`--since \`${ref}\` is not a git ref`);
  const found = await git(repo.root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  if (!found.ok || !found.out.trim()) throw new UsageError(`--since \`${ref}\` is not a commit, branch or tag of the repository (try \`git log --oneline -- policies/\` for the commits)`);
  return found.out.trim();
}

/** A file's text at a commit, or undefined when the commit lacks it. */
export async function fileAt(repo: Repository, commit: string, path: string): Promise<string | undefined> {
  const found = await git(repo.root, ['show', `${commit}:${repo.prefix}${path}`]);
  return found.ok ? found.out : undefined;
}

/** The `version:` of a policy file's front matter, or undefined when it has none that can be read. */
export function versionOf(text: string): string | undefined {
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!front) return undefined;
  try {
    const meta = parse(front[1]!) as { version?: unknown } | null;
    return meta && (typeof meta.version === 'string' || typeof meta.version === 'number') ? String(meta.version) : undefined;
  } catch {
    return undefined;
  }
}

/** The commits that changed a file, newest first (at most MAX_HISTORY). */
export async function commitsOf(repo: Repository, path: string): Promise<string[]> {
  const found = await git(repo.root, ['log', `--max-count=${MAX_HISTORY}`, '--format=%H', '--', `${repo.prefix}${path}`]);
  return found.ok ? found.out.split('\n').filter(Boolean) : [];
}

/**
 * The previous version of a policy: the latest commit whose file has a `version`
 * other than `current`, with that version; undefined when every commit has this one.
 */
export async function previousVersion(repo: Repository, policyId: string, current: string): Promise<{ commit: string; version: string } | undefined> {
  const path = `policies/${policyId}.md`;
  for (const commit of await commitsOf(repo, path)) {
    const text = await fileAt(repo, commit, path);
    if (text === undefined) continue;
    const version = versionOf(text);
    if (version !== undefined && version !== current) return { commit, version };
  }
  return undefined;
}

/**
 * The project as a commit has it: its policies/, schools/ and templates/ extracted
 * into a temporary folder and loaded by the project loader, every check included.
 * `dispose` removes the folder.
 */
export async function projectAt(repo: Repository, commit: string, only: { policies?: string[]; schools?: string[] }): Promise<{ project: Project; dispose: () => void }> {
  const listed = await git(repo.root, ['ls-tree', '--name-only', commit, '--', ...['policies', 'schools', 'templates'].map((d) => `${repo.prefix}${d}`)]);
  if (!listed.ok) throw new UsageError(`cannot read commit ${commit.slice(0, 12)}: ${listed.message}`);
  const folders = listed.out.split('\n').filter(Boolean);
  const dir = mkdtempSync(join(tmpdir(), 'policyc-changes-'));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    if (folders.length) {
      const archive = join(dir, 'sources.tar');
      const made = await git(repo.root, ['archive', '--format=tar', `--output=${archive}`, commit, '--', ...folders]);
      if (!made.ok) throw new UsageError(`cannot read the sources of commit ${commit.slice(0, 12)}: ${made.message}`);
      await new Promise<void>((resolve, reject) => {
        execFile('tar', ['-xf', archive, '-C', dir], { maxBuffer: 1024 * 1024 }, (e, _out, stderr) => (e ? reject(new Error(`tar: ${(stderr || e.message).trim()}`)) : resolve()));
      });
      rmSync(archive);
    }
    return { project: await loadProject(join(dir, repo.prefix), only), dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}
