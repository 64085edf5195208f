import { relative, resolve } from 'node:path';
import { UsageError } from '../diagnostics/diagnostic.ts';
import { MANIFEST, readManifest } from '../output/manifest.ts';
import { EditionIndex, readForVerify, type Verdict } from '../output/verify.ts';
import { EXIT, type Io } from './io.ts';

interface VerifyFlags {
  project: string;
  out: string;
  /** Whether --out was given (and not just its default). */
  outGiven?: boolean;
  manifest?: string;
  json?: boolean;
}

/**
 * `policyc verify FILE…`: each file's verdict by a build's manifest (--out's
 * manifest.json, or --manifest): genuine, an altered copy of an edition, unknown, or
 * unreadable. Exit 0 when every file is genuine, else 1.
 */
export async function verifyCommand(files: string[], flags: VerifyFlags, io: Io): Promise<number> {
  if (flags.manifest !== undefined && flags.outGiven) throw new UsageError('give --out or --manifest, not both');
  const root = resolve(io.cwd, flags.project);
  const manifestPath = flags.manifest !== undefined ? resolve(io.cwd, flags.manifest) : resolve(root, flags.out, MANIFEST);
  const manifestLabel = flags.manifest ?? `${flags.out.replace(/\/+$/, '')}/${MANIFEST}`;
  const read = readManifest(manifestPath);
  if (read.state !== 'valid') {
    const why = read.state === 'missing' ? 'there is no such file (build first, or give --out or --manifest)' : `it is not a policyc manifest: ${read.problem}`;
    io.stderr(`policyc: error: cannot verify against ${manifestLabel}: ${why}\n`);
    return EXIT.sourceError;
  }
  const index = new EditionIndex(read.manifest);
  const verdicts: Verdict[] = files.map((file) => {
    const got = readForVerify(resolve(io.cwd, file));
    return 'problem' in got ? { file, verdict: 'unreadable', problem: got.problem } : index.judge(file, got.bytes);
  });
  const counts = { genuine: 0, altered: 0, unknown: 0, unreadable: 0 };
  for (const v of verdicts) counts[v.verdict] += 1;
  if (flags.json) io.stdout(`${JSON.stringify({ manifest: manifestLabel, files: verdicts, counts }, null, 2)}\n`);
  else for (const v of verdicts) io.stdout(`${describe(v, manifestLabel)}\n`);
  io.stderr(`policyc: ${verdicts.length} file${verdicts.length === 1 ? '' : 's'}: ${counts.genuine} genuine, ${counts.altered} altered, ${counts.unknown} unknown${counts.unreadable ? `, ${counts.unreadable} unreadable` : ''} (by ${relative(io.cwd, manifestPath) || manifestLabel})\n`);
  return counts.genuine === verdicts.length ? EXIT.ok : EXIT.sourceError;
}

function describe(v: Verdict, manifest: string): string {
  switch (v.verdict) {
    case 'genuine': {
      const e = v.edition;
      return `${v.file}: genuine: the ${v.format.toUpperCase()} of ${e.id} (${e.policy.title}, version ${e.policy.version}, for ${e.school.name})` +
        `${e.printedId ? `, edition ID ${e.printedId}` : ''}, built from inputs ${e.inputHash.slice(0, 16)}…`;
    }
    case 'altered': {
      const e = v.edition;
      return `${v.file}: altered copy of ${e.id} (${e.policy.title}, version ${e.policy.version}, for ${e.school.name}): it claims edition ID ${v.claimed}, but its bytes are none of that edition's files`;
    }
    case 'unknown':
      return `${v.file}: unknown: not an edition in ${manifest}${v.claimed.length ? `, and the edition ID it claims (${v.claimed.join(', ')}) is not in it` : ', and it claims no edition ID'}`;
    case 'unreadable':
      return `${v.file}: unreadable: ${v.problem}`;
  }
}
