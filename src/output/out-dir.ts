import { lstatSync, mkdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../diagnostics/diagnostic.ts';
import { reason } from './errors.ts';

/** A project's folders a build or clean must never write into (nor an --out that holds them). */
export const PROTECTED = ['policies', 'schools', 'templates', 'src', 'bin', 'test', 'node_modules', '.git'] as const;

/** policyc's own folder (its src/, templates/, node_modules/): protected like the project's. */
const TOOL_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The real path of an output folder that may not exist yet: every symbolic link in it
 * resolved (the longest existing ancestor's real path, plus the parts still to be made).
 * Usage errors, naming the path: a part of it that is a file, a dangling symbolic link,
 * a loop of links.
 */
export function realOutDir(outDir: string, label = outDir): string {
  const rest: string[] = [];
  let current = resolve(outDir);
  for (;;) {
    let real: string;
    try {
      real = realpathSync.native(current);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') throw new UsageError(`--out ${label}: ${current} is a loop of symbolic links`);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new UsageError(`--out ${label}: cannot resolve ${current}: ${reason(e)}`);
      let dangling: string | undefined;
      try {
        if (lstatSync(current).isSymbolicLink()) dangling = readlinkSync(current);
      } catch {
        // not there at all: look at its parent
      }
      if (dangling !== undefined) throw new UsageError(`--out ${label}: ${current} is a symbolic link to ${dangling}, which does not exist (create that folder, or choose another --out)`);
      const parent = dirname(current);
      if (parent === current) throw new UsageError(`--out ${label}: cannot resolve ${outDir}`);
      rest.unshift(basename(current));
      current = parent;
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(real).isDirectory();
    } catch (e) {
      throw new UsageError(`--out ${label}: cannot read ${current}: ${reason(e)}`);
    }
    if (!isDir) {
      const what = current === resolve(outDir) ? `--out ${label} is a file, not a folder` : `--out ${label}: ${current} is a file, not a folder`;
      throw new UsageError(`${what} (choose a folder for the editions, e.g. --out dist)`);
    }
    return join(real, ...rest);
  }
}

/**
 * The output folder must not be, or hold, the project (or policyc itself), nor lie inside
 * one of their source folders: a build would overwrite them and `clean` would delete
 * from them. Compared after resolving every symbolic link, of the output folder, the
 * project and each source folder. Returns the output folder's real path: use that one
 * from here on.
 */
export function checkOutDir(root: string, outDir: string, label = outDir): string {
  const out = realOutDir(outDir, label);
  for (const base of new Set([realOrSelf(root), realOrSelf(TOOL_ROOT)])) {
    const what = base === realOrSelf(root) ? 'the project' : 'policyc';
    if (within(base, out)) refuse(label, out, `it ${out === base ? 'is' : 'holds'} ${what} (${base})`);
    for (const folder of PROTECTED) {
      const real = realOrSelf(join(base, folder));
      if (within(out, real)) refuse(label, out, `it is inside ${what}'s ${folder}/ (${real})`);
      if (within(real, out)) refuse(label, out, `it holds ${what}'s ${folder}/ (${real})`);
    }
  }
  return out;
}

/**
 * Makes the output folder (and its parents) if it is not there. A folder that cannot be
 * made is a usage error naming it, with the reason (read-only, a file in the way).
 */
export function prepareOutDir(outDir: string, label = outDir): void {
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (e) {
    throw new UsageError(`--out ${label}: cannot create the folder ${outDir}: ${reason(e)}`);
  }
}

function refuse(label: string, out: string, why: string): never {
  const resolved = out === label ? '' : ` (${out})`;
  throw new UsageError(`--out ${label}${resolved} would overwrite the project's own files: ${why}; choose a folder of its own, e.g. --out dist`);
}

/** Whether `path` is `folder` or inside it. */
function within(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${'/'}`) && !rel.startsWith('..\\') && !isAbsolute(rel));
}

function realOrSelf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}
