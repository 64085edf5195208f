#!/usr/bin/env node
// The policyc command. Installed as a package (a dependency of an LA's policy repository), it
// runs the compiled JavaScript in lib/ on any Node.js its `engines` allows. In its own repository,
// where src/ is, it runs the TypeScript sources directly, which needs Node.js 22.18 or newer:
// `npm ci` installs the Node.js the repository pins, and npx and npm scripts put it first on the PATH.
// Nothing is imported before the version check, so an old Node.js gets one line, not a crash.
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const sources = existsSync(new URL('src/cli/main.ts', root));
const range = sources ? '>=22.18.0' : JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).engines.node;
// The forms `engines` uses: `^X.Y.Z` (that major, from X.Y.Z) and `>=X.Y.Z`, joined by `||`.
const alternatives = range.split('||').map((alt) => /^\s*(\^|>=)\s*(\d+)\.(\d+)\.(\d+)\s*$/.exec(alt)).filter(Boolean);
const version = process.versions.node.split('.').map(Number);
const allows = ([, op, ...min]) => {
  const [x, y] = [version, min.map(Number)];
  const i = x.findIndex((n, k) => n !== y[k]);
  return (op !== '^' || x[0] === y[0]) && (i < 0 || x[i] > y[i]);
};
if (alternatives.length && !alternatives.some(allows)) {
  const needed = alternatives.map(([, op, x, y, z]) => (op === '^' ? `${x}.${y}.${z} or a later ${x}.x` : `${x}.${y}.${z} or newer`)).join(', or ');
  process.stderr.write(
    sources
      ? `policyc: its sources need Node.js ${needed} to run directly, and this is v${process.versions.node}; run \`npm ci\`, then \`npx policyc …\` (npx puts the Node.js the repository pins first)\n`
      : `policyc: needs Node.js ${needed}, and this is v${process.versions.node}\n`,
  );
  process.exit(2);
}

// Ctrl-C: the first stops the build handing out editions (those being written finish,
// so no file is torn) and policyc exits 130; a second exits at once.
// A command that stops differently (preview) sets its own notice.
const interrupt = new AbortController();
const interruptNotice = { text: '\npolicyc: stopping after the editions being written (Ctrl-C again to stop now)\n' };
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  if (interruptNotice.text) process.stderr.write(interruptNotice.text);
  interrupt.abort();
});

// Cache compiled code between runs (Node's own cache, where it has one; output never depends on it).
(await import('node:module')).enableCompileCache?.();
// A stack trace asked for with --debug names the TypeScript source lines of the compiled code.
if (!sources && process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
const code = sources ? { dir: 'src', ext: 'ts' } : { dir: 'lib', ext: 'js' };
const { main } = await import(new URL(`${code.dir}/cli/main.${code.ext}`, root).href);
const { processIo } = await import(new URL(`${code.dir}/cli/io.${code.ext}`, root).href);
process.exitCode = await main(process.argv, { ...processIo, signal: interrupt.signal, interruptNotice });
