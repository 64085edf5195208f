import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { UsageError } from '../diagnostics/diagnostic.ts';
import { loadProject } from '../project/load-project.ts';
import type { RebuildReport } from '../preview/editions.ts';
import { startPreview } from '../preview/preview.ts';
import { PortInUseError } from '../preview/server.ts';
import { EXIT, type Io } from './io.ts';
import { checkIds } from './select.ts';

interface PreviewFlags {
  project: string;
  port?: string;
  policy?: string[];
  school?: string[];
  open?: boolean;
  json?: boolean;
}

export const DEFAULT_PORT = 4321;

/**
 * Serves the project's editions on 127.0.0.1 until Ctrl-C (exit 130), making again the
 * editions a saved source affects and reloading the pages showing them.
 */
export async function previewCommand(flags: PreviewFlags, io: Io): Promise<number> {
  const root = resolve(io.cwd, flags.project);
  const port = parsePort(flags.port);
  const project = await loadProject(root);
  checkIds('policy', flags.policy, project.policyIds);
  checkIds('school', flags.school, project.schoolIds);
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const log = (report: RebuildReport) => {
    if (flags.json) {
      io.stdout(`${JSON.stringify({ event: 'rebuild', changed: report.changed, editions: report.editions, removed: report.removed, ms: report.ms, diagnostics: report.errors + report.warnings, errors: report.errors, warnings: report.warnings })}\n`);
    } else if (report.changed.length) {
      io.stderr(`policyc: ${report.changed.join(', ')} changed: made ${n(report.editions.length, 'edition')} again in ${report.ms} ms (${n(report.errors, 'error')}, ${n(report.warnings, 'warning')})\n`);
    } else {
      io.stderr(`policyc: made ${n(report.editions.length, 'edition')} in ${report.ms} ms (${n(report.errors, 'error')}, ${n(report.warnings, 'warning')})\n`);
    }
  };
  let preview;
  try {
    preview = await startPreview(root, {
      port,
      policies: flags.policy,
      schools: flags.school,
      onRebuild: log,
      onError: (e) => io.stderr(`policyc: internal error while rebuilding: ${e.message} (the preview goes on; report it)\n`),
    });
  } catch (e) {
    if (!(e instanceof PortInUseError)) throw e;
    io.stderr(`policyc: error: ${e.message}\n`);
    return EXIT.sourceError;
  }
  const first = flags.policy?.[0] && flags.school?.[0] ? `edition/${encodeURIComponent(flags.school[0])}/${encodeURIComponent(flags.policy[0])}/` : '';
  const url = `${preview.url}${first}`;
  if (flags.json) io.stdout(`${JSON.stringify({ event: 'listening', url: preview.url })}\n`);
  else io.stdout(`policyc preview: ${url} (Ctrl-C stops it)\n`);
  if (flags.open) openBrowser(url, io);
  // Ctrl-C stops the preview at once: nothing is being written, so the build's notice is not printed.
  if (io.interruptNotice) io.interruptNotice.text = '';
  await new Promise<void>((done) => {
    if (!io.signal) return;
    if (io.signal.aborted) return done();
    io.signal.addEventListener('abort', () => done(), { once: true });
  });
  await preview.close();
  io.stderr('policyc: preview stopped\n');
  return EXIT.interrupted;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(`--port must be a port number from 0 to 65535 (0 picks a free one), got \`${value}\``);
  return Number(value);
}

/** Opens the address in the desktop's browser (xdg-open, open or start); says so if there is none. */
function openBrowser(url: string, io: Io): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => io.stderr(`policyc: no browser could be opened (${command} is missing): open ${url} yourself\n`));
  child.unref();
}
