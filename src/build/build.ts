import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { EditionBuilder } from '../document/build-edition.ts';
import { Templating } from '../templating/engine.ts';
import { createWriter, type Format, type Writer } from '../writers/writers.ts';
import type { Project } from './project.ts';
import { writeAtomic } from './write-atomic.ts';

export interface BuildOptions {
  outDir: string;
  formats: Format[];
}

export interface EditionReport {
  school: string;
  policy: string;
  ok: boolean;
  files: { format: Format; path: string; bytes: number; sha256: string }[];
}

export interface BuildReport {
  editions: EditionReport[];
  diagnostics: Diagnostic[];
}

/**
 * Builds every policy × school × format of a loaded project. One failing edition
 * never stops the others; every problem is collected and reported.
 */
export async function build(project: Project, options: BuildOptions): Promise<BuildReport> {
  const diagnostics: Diagnostic[] = [...project.diagnostics];
  const templating = await Templating.load(project.templatesDir);
  const writers: Writer[] = [];
  for (const format of options.formats) writers.push(await createWriter(format));
  const editions: EditionReport[] = [];
  try {
    for (const policy of project.policies) {
      const compiled = templating.compile(policy);
      diagnostics.push(...compiled.diagnostics);
      if (!compiled.compiled) continue;
      const builder = new EditionBuilder(compiled.compiled);
      for (const school of project.schools) {
        const report: EditionReport = { school: school.id, policy: policy.id, ok: false, files: [] };
        editions.push(report);
        const made = builder.build(school);
        diagnostics.push(...made.diagnostics);
        if (!made.edition) continue;
        // Render every format first, then write: a failure leaves the old files untouched.
        const outputs: { format: Format; path: string; bytes: Uint8Array }[] = [];
        for (const writer of writers) {
          const path = join(options.outDir, school.id, `${policy.id}.${writer.format}`);
          outputs.push({ format: writer.format, path, bytes: await writer.write(made.edition) });
        }
        for (const output of outputs) {
          await writeAtomic(output.path, output.bytes);
          report.files.push({
            format: output.format,
            path: relative(project.root, output.path) || output.path,
            bytes: output.bytes.byteLength,
            sha256: createHash('sha256').update(output.bytes).digest('hex'),
          });
        }
        report.ok = true;
      }
    }
  } finally {
    for (const writer of writers) await writer.close?.();
  }
  return { editions, diagnostics: dedupe(diagnostics) };
}

/** The same source problem found while making several schools' editions is reported once. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = formatDiagnostic(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
