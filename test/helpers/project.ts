import { cpSync, mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/main.ts';

export const REPO = new URL('../..', import.meta.url).pathname;

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A scratch copy of the shipped project (policies, schools, templates) to build or break. */
export function scratchProject(options: { files?: Record<string, string> } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'policyc-'));
  scratch.push(dir);
  for (const folder of ['policies', 'schools', 'templates']) cpSync(join(REPO, folder), join(dir, folder), { recursive: true });
  for (const [path, text] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Runs the CLI in-process, as `policyc …` run in `cwd`. */
export async function cli(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'policyc', ...args], { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}
