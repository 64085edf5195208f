import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { UsageError } from '../diagnostics/diagnostic.ts';
import { FORMATS, formatOptions } from '../writers/registry.ts';
import { EXIT, processIo, type Io } from './io.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Runs the CLI and resolves to its exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('policyc')
    .description('Compile canonical staff policies into per-school DOCX, PDF and HTML editions.')
    .version(pkg.version, '-V, --version', 'print the version')
    .option('--debug', 'show stack traces for internal errors')
    .option('-C, --project <dir>', 'the project folder holding policies/, schools/ and templates/', io.cwd)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showSuggestionAfterError()
    .addHelpText('after', `
Examples:
  $ policyc build                              every policy for every school into dist/
  $ policyc build --school mill-lane-primary   one school's editions
  $ policyc list                               the policies and schools found
`);

  const build = program
    .command('build')
    .description('build editions: every policy in policies/ for every school in schools/')
    .option('-p, --policy <id...>', 'only these policies (file names without .md)')
    .option('-s, --school <id...>', 'only these schools (file names without .yaml)')
    .addOption(new Option('-f, --format <formats...>', `formats to write, comma-separated: ${FORMATS.join(', ')} (default: every format)`))
    .option('-o, --out <dir>', 'output folder', 'dist')
    .option('-j, --jobs <n>', 'worker threads (default: one per core)')
    .option('--force', 'rebuild editions the manifest says are up to date')
    .option('--shard <k/n>', 'build only share K of N of the editions (for CI matrices); merge with `policyc publish`')
    .option('-q, --quiet', 'print only errors and warnings')
    .option('--json', 'print a machine-readable report on stdout (every edition, its files, timings, diagnostics)');
  // Each format's own options, from the format registry.
  for (const option of formatOptions()) build.option(option.flag, option.description);
  build
    .addHelpText('after', `
Examples:
  $ policyc build
  $ policyc build --policy social-networking --school mill-lane-primary riverside-infant
  $ policyc build --format html --out public/policies --json
  $ policyc build --shard 2/4 && policyc publish

Exit codes: 0 built (warnings allowed), 1 a source or config error, 2 a usage error.`)
    .action(async (options) => {
      exitCode = await (await import('./build-command.ts')).buildCommand({ ...options, project: program.opts().project }, io);
    });

  program
    .command('check')
    .description('check every policy and school config without writing anything')
    .option('-p, --policy <id...>', 'only these policies')
    .option('-s, --school <id...>', 'only these schools')
    .option('--strict', 'fail (exit 1) on warnings too')
    .option('--today <YYYY-MM-DD>', 'the date statutory policies\' reviews are overdue on (default: SOURCE_DATE_EPOCH, else today)')
    .option('--json', 'print the diagnostics as JSON on stdout, for CI annotations')
    .option('--legislation', 'also print every citation of legislation and guidance in the policies and configs, one per line, with the legislation register\'s entry for it (title, year, status, address) or "not in the register"; with --json, as `citations`')
    .addHelpText('after', `
Examples:
  $ policyc check
  $ policyc check --strict --json
  $ policyc check --legislation
    schools/_defaults.yaml:65:13: 'Malicious Communication Act 1998' → Malicious Communications Act 1988,
      1988 c. 27, in force, https://www.legislation.gov.uk/ukpga/1988/27/contents (warning: …)

Citations of legislation and DfE guidance are compared with the legislation register
(src/legislation/register.yaml): a wrong year or title, repealed or superseded legislation
or an outdated edition of guidance is a warning at the citation's line and column.

Exit codes: 0 no errors (warnings allowed unless --strict), 1 errors, 2 a usage error.`)
    .action(async (options) => {
      exitCode = await (await import('./check-command.ts')).checkCommand({ ...options, project: program.opts().project }, io);
    });

  program
    .command('status')
    .description('the adoption register: for each school and policy, the version adopted, the review date and its state (adopted and current, new version awaiting approval, review due, overdue, never adopted)')
    .option('-p, --policy <id...>', 'only these policies')
    .option('-s, --school <id...>', 'only these schools')
    .option('--within <days>', 'a review within this many days counts as due', '60')
    .option('--today <YYYY-MM-DD>', 'the reference date (default: SOURCE_DATE_EPOCH, else today)')
    .option('--json', 'print the rows and counts as JSON on stdout')
    .option('--ics <file>', 'also write an iCalendar file of every review date')
    .addHelpText('after', `
Exit codes: 0 whatever the states, 1 errors in the sources, 2 a usage error.`)
    .action(async (options) => {
      exitCode = await (await import('./status-command.ts')).statusCommand({ ...options, project: program.opts().project }, io);
    });

  program
    .command('changes')
    .description('write change summaries: each school\'s edition with what changed since the policy\'s previous version marked (HTML, PDF, and Word with tracked changes)')
    .option('--since <git-ref>', 'compare with the sources at this commit, branch or tag (default: each policy\'s previous version: the latest commit whose front-matter version differs)')
    .option('-p, --policy <id...>', 'only these policies')
    .option('-s, --school <id...>', 'only these schools')
    .option('-f, --format <formats...>', 'formats to write, comma-separated: html, docx, pdf (default: all three)')
    .option('-o, --out <dir>', 'output folder', 'dist')
    .option('-q, --quiet', 'print only errors and warnings')
    .option('--json', 'print the change list (every clause changed, added, removed, moved or renumbered, old and new number and text) on stdout')
    .addHelpText('after', `
Examples:
  $ policyc changes                                  every policy against its previous version
  $ policyc changes --since v2025 --policy social-networking --json

It writes <out>/<school>/<policy>.changes.html, .changes.docx and .changes.pdf. The project must be in a git repository.

Exit codes: 0 written (warnings allowed), 1 a source or config error, 2 a usage error.`)
    .action(async (options) => {
      exitCode = await (await import('./changes-command.ts')).changesCommand({ ...options, project: program.opts().project }, io);
    });

  program
    .command('publish')
    .description('merge the manifest parts of a sharded build into manifest.json and index.html')
    .option('-o, --out <dir>', 'output folder the shards were built into', 'dist')
    .addHelpText('after', `
Example (after every shard's dist/ has been copied into one folder):
  $ policyc publish --out dist`)
    .action(async (options) => {
      exitCode = await (await import('./publish-command.ts')).publishCommand({ ...options, project: program.opts().project }, io);
    });

  program
    .command('clean')
    .description('remove outputs that no longer correspond to a policy or school')
    .option('-o, --out <dir>', 'output folder', 'dist')
    .option('-q, --quiet', 'print nothing')
    .addHelpText('after', `
Example:
  $ policyc clean`)
    .action(async (options) => {
      exitCode = await (await import('./publish-command.ts')).cleanCommand({ ...options, project: program.opts().project }, io);
    });

  program
    .command('list')
    .description('list the policies and schools found, with titles and versions')
    .option('--json', 'print JSON')
    .addHelpText('after', `
Example:
  $ policyc list`)
    .action(async (options) => {
      exitCode = await (await import('./list-command.ts')).listCommand({ ...options, project: program.opts().project }, io);
    });

  program
    .command('import')
    .argument('<file>', 'the Word document (.docx) to import')
    .description('import a Word policy (.docx) as policies/<id>.md: structure recognised, school values made placeholders, a report of everything not mapped')
    .option('--id <policy-id>', 'the new policy\'s id (its file name in policies/, without .md)')
    .option('-s, --school <school-id>', 'the school whose copy this is: its config values found in the text become placeholders and partials')
    .option('--force', 'replace policies/<id>.md if it exists')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `
Example:
  $ policyc import "Whistleblowing Policy (Mill Lane).docx" --id whistleblowing --school mill-lane-primary

It writes policies/<id>.md (and any images as policies/figures/<id>-<n>.png or .svg) and never
overwrites anything else; with an error nothing is written.

Exit codes: 0 imported (read the report: what it could not map is listed), 1 the document
cannot be read or a file is in the way, 2 a usage error.`)
    .action(async (file: string, options) => {
      exitCode = await (await import('./import-command.ts')).importCommand(file, { ...options, project: program.opts().project }, io);
    });

  program
    .command('init')
    .argument('[folder]', 'the folder to scaffold, made if missing (default: the project folder)')
    .description('scaffold an LA policy repository: package.json, an example policy, schools/, .gitignore and the GitHub Actions workflow')
    .addHelpText('after', `
Example:
  $ npx policyc init my-la-policies && cd my-la-policies && npm install && npx policyc build

It never overwrites a file: if any file it would write exists, it writes nothing (a package.json
already there, as \`npm install policyc\` leaves one, is kept as it is).`)
    .action(async (folder: string | undefined) => {
      exitCode = await (await import('./init-command.ts')).initCommand({ folder, project: program.opts().project }, io);
    });

  program
    .command('preview')
    .description('serve every edition on 127.0.0.1 with its problems shown, and reload open pages when a source is saved')
    .option('--port <n>', 'the port on 127.0.0.1 (0 picks a free one)', '4321')
    .option('-p, --policy <id...>', 'only these policies')
    .option('-s, --school <id...>', 'only these schools')
    .option('--open', 'open the address in the browser')
    .option('--json', 'print one JSON line on stdout per rebuild (files changed, editions made again, ms, diagnostics)')
    .addHelpText('after', `
Example:
  $ policyc preview --policy social-networking --school mill-lane-primary --open

Exit codes: 130 stopped with Ctrl-C, 1 the port is in use or a source cannot be read, 2 a usage error.`)
    .action(async (options) => {
      exitCode = await (await import('./preview-command.ts')).previewCommand({ ...options, project: program.opts().project }, io);
    });

  program
    .command('verify')
    .argument('<file...>', 'the files to check (PDF, DOCX or HTML)')
    .description('say whether each file is an edition in the manifest byte for byte, an altered copy of one (it claims an edition ID the manifest lists), or unknown')
    .option('-o, --out <dir>', 'the output folder whose manifest.json to check against', 'dist')
    .option('--manifest <file>', 'the manifest to check against (instead of --out)')
    .option('--json', 'print each file\'s verdict as JSON on stdout')
    .addHelpText('after', `
Examples:
  $ policyc verify "Lone Working (from the staffroom).pdf"
  $ policyc verify copy.docx --manifest published/manifest.json --json

Exit codes: 0 every file is genuine, 1 any is altered, unknown or unreadable (or the manifest
cannot be read), 2 a usage error.`)
    .action(async (files: string[], options, command: Command) => {
      exitCode = await (await import('./verify-command.ts')).verifyCommand(files, { ...options, project: program.opts().project, outGiven: command.getOptionValueSource('out') === 'cli' }, io);
    });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      if (e.code === 'commander.executeSubCommandAsync') return EXIT.ok;
      return EXIT.usage;
    }
    if (e instanceof UsageError) {
      io.stderr(`policyc: error: ${e.message}\n`);
      return EXIT.usage;
    }
    const debug = program.opts().debug || argv.includes('--debug');
    io.stderr(`policyc: internal error: ${(e as Error).message}\n${debug ? `${(e as Error).stack}\n` : 'run again with --debug for details, and report it\n'}`);
    return EXIT.sourceError;
  }
  return io.signal?.aborted ? EXIT.interrupted : exitCode;
}
