import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * SHA-256 of the files under the given paths (folders, or single files), by name and
 * contents, in a stable order. The paths are layers: a file of a later folder replaces
 * the file of the same name in an earlier one (a project's templates/ over policyc's own),
 * so what is hashed is exactly the set of files a run uses.
 */
export function hashTree(dirs: string[]): string {
  const files = new Map<string, string>();
  for (const dir of dirs) {
    for (const file of listFiles(dir)) files.set(file === dir ? basename(file) : relative(dir, file), file);
  }
  const hash = createHash('sha256');
  for (const [name, file] of files) {
    hash.update(`${name}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function listFiles(dir: string): string[] {
  let names: string[];
  try {
    if (statSync(dir).isFile()) return [dir];
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

const TOOL_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The code that runs: src/ in policyc's repository, the compiled lib/ in the installed package. */
const CODE_DIR = fileURLToPath(new URL('..', import.meta.url));
let toolHash: string | undefined;

/**
 * What the tool itself contributes to every edition: its version and code. A new
 * version of policyc (or a local change to it) rebuilds everything.
 */
export function toolFingerprint(): string {
  toolHash ??= hashTree([CODE_DIR, join(TOOL_ROOT, 'package.json'), join(TOOL_ROOT, 'package-lock.json')]);
  return toolHash;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The input hash of one edition: everything that can change its bytes. Each part
 * is itself a hash (of the policy source, of the school's cascaded config, …), made
 * once per run, so a thousand editions cost a thousand small hashes.
 */
export function editionInputHash(parts: { tool: string; templates: string; policy: string; school: string; options: string }): string {
  return sha256(`${parts.tool}\n${parts.templates}\n${parts.policy}\n${parts.school}\n${parts.options}`);
}
