import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** SHA-256 of every file under the given folders (names and contents), in a stable order. */
export function hashTree(dirs: string[]): string {
  const hash = createHash('sha256');
  for (const dir of dirs) {
    for (const file of listFiles(dir)) {
      hash.update(`${relative(dir, file)}\0`);
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

function listFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

const TOOL_ROOT = new URL('../..', import.meta.url).pathname;
let toolHash: string | undefined;

/**
 * What the tool itself contributes to every edition: its version and code. A new
 * version of policyc (or a local change to it) rebuilds everything.
 */
export function toolFingerprint(): string {
  toolHash ??= hashTree([join(TOOL_ROOT, 'src'), join(TOOL_ROOT, 'package-lock.json')].filter((p) => { try { statSync(p); return true; } catch { return false; } }));
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
