import { join, relative, resolve } from 'node:path';
import { EXIT, type Io } from './io.ts';
import { scaffold } from './scaffold.ts';

/** `policyc init [folder]`: scaffolds an LA's policy repository (see scaffold.ts) and says what to run next. */
export async function initCommand(flags: { project: string; folder?: string }, io: Io): Promise<number> {
  const root = resolve(io.cwd, flags.project);
  const result = scaffold(resolve(root, flags.folder ?? '.'));
  const inside = relative(io.cwd, result.folder);
  const shown = inside.startsWith('..') ? result.folder : inside || '.';
  if (!result.ok) {
    for (const path of result.conflicts) io.stderr(`policyc: error: ${join(shown, path)} exists, and init never overwrites a file\n`);
    io.stderr(`policyc: nothing was written; to start a new policy repository, run \`policyc init <new-folder>\`\n`);
    return EXIT.sourceError;
  }
  for (const path of result.created) io.stdout(`created ${join(shown, path)}\n`);
  if (result.keptPackageJson) {
    io.stderr(`policyc: kept ${join(shown, 'package.json')} as it was${result.dependsOnPolicyc ? '' : '; add policyc to it with `npm install policyc`'}\n`);
  }
  const steps = [...(shown === '.' ? [] : [`cd ${/[\s'"]/.test(shown) ? JSON.stringify(shown) : shown}`]), 'npm install', 'npx policyc build'];
  io.stderr(`policyc: a policy repository is ready in ${shown}: ${steps.map((s) => `\`${s}\``).join(', then ')} builds its editions into dist/\n`);
  return EXIT.ok;
}
