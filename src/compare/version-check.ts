import { warning, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '../project/load-project.ts';
import { commitsOf, fileAt, inRepository, versionOf } from './git-sources.ts';

/** The text after a policy file's front matter. */
function bodyOf(text: string): string {
  const front = /^---\r?\n[\s\S]*?\r?\n---\r?\n?/.exec(text);
  return (front ? text.slice(front[0].length) : text).replace(/\r\n/g, '\n');
}

/**
 * For a project in a git repository: a warning for each policy whose text differs from
 * the text of the commit that brought in its current `version` (the version was not
 * raised when the text changed). Silent outside a repository, and for a policy git
 * does not have yet.
 */
export async function versionWarnings(project: Project): Promise<Diagnostic[]> {
  const repo = await inRepository(project.root);
  if (!repo) return [];
  const out: Diagnostic[] = [];
  for (const policy of project.policies) {
    const path = `policies/${policy.id}.md`;
    const current = policy.meta.version;
    let introduced: string | undefined;
    for (const commit of await commitsOf(repo, path)) {
      const text = await fileAt(repo, commit, path);
      if (text === undefined || versionOf(text) !== current) break;
      introduced = commit;
    }
    if (!introduced) continue;
    const then = await fileAt(repo, introduced, path);
    let now: string;
    try {
      now = readFileSync(join(project.root, policy.file), 'utf8');
    } catch {
      continue; // read a moment ago; gone now, and the build says so
    }
    if (then === undefined || bodyOf(then) === bodyOf(now)) continue;
    const line = now.split('\n').findIndex((l) => /^version\s*:/.test(l)) + 1 || 1;
    out.push(warning(policy.file, line, 1, `the text of \`${policy.id}\` has changed since version ${current} was committed (${introduced.slice(0, 12)}), but its version has not`,
      'raise `version:` (and add a `history:` entry for it) when the policy\'s text changes, so `policyc changes` and the governors see a new version'));
  }
  return out;
}
