import { relative, sep } from 'node:path';
import { UsageError } from '../diagnostics/diagnostic.ts';

/** The output folder must not be, or hold, the project or its sources: a build would overwrite them. */
export function checkOutDir(root: string, outDir: string): void {
  const rel = relative(outDir, root);
  const contains = rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep));
  const inside = relative(root, outDir);
  const top = inside.split(sep)[0];
  if (contains || ['policies', 'schools', 'templates', 'src', 'bin', 'test', 'node_modules', '.git'].includes(top ?? '')) {
    throw new UsageError(`--out ${outDir} would overwrite the project's own files; choose a folder of its own, e.g. --out dist`);
  }
}
