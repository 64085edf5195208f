import { spawnSync } from 'node:child_process';

/**
 * Whether a real client (pandoc, pdftotext, soffice, chromium) is installed.
 * Locally a missing client skips its tests with a notice; under CI=true it is a
 * failure, never a skip (.ci/run installs every client).
 */
export function hasClient(command: string, versionArg = '--version'): boolean {
  const found = spawnSync(command, [versionArg], { stdio: 'ignore' }).status === 0;
  if (found) return true;
  if (process.env.CI === 'true') throw new Error(`${command} is required under CI=true but is not installed (.ci/run installs it)`);
  console.warn(`notice: ${command} is not installed; skipping the tests that need it`);
  return false;
}

/** Runs a client and returns its stdout, failing loudly on a non-zero exit. */
export function run(command: string, args: string[], options: { input?: string | Buffer; timeout?: number } = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: options.timeout ?? 120_000, input: options.input });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

/** Whether Debian's python3 has `module` (icalendar: a second iCalendar parser); as hasClient, a failure under CI=true. */
export function hasPythonModule(module: string): boolean {
  const found = spawnSync('/usr/bin/python3', ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
  if (found) return true;
  if (process.env.CI === 'true') throw new Error(`python3 module ${module} is required under CI=true but is not installed (.ci/run installs python3-${module})`);
  console.warn(`notice: python3 module ${module} is not installed; skipping the tests that need it`);
  return false;
}
