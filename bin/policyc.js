#!/usr/bin/env node
// policyc runs its TypeScript sources directly, which needs Node.js 22.18 or newer.
// `npm ci` installs the project's pinned Node, which npx and npm scripts put first on the PATH.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `policyc needs Node.js 22.18 or newer; this is ${process.version}.\n` +
      'Run `npm ci` in the project, then `npx policyc …`: npx uses the Node.js the project pins.\n',
  );
  process.exit(2);
}

// Ctrl-C: the first stops the build handing out editions (those being written finish,
// so no file is torn) and policyc exits 130; a second exits at once.
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  process.stderr.write('\npolicyc: stopping after the editions being written (Ctrl-C again to stop now)\n');
  interrupt.abort();
});

// Cache compiled code between runs (Node's own cache; output never depends on it).
(await import('node:module')).enableCompileCache?.();
const { main } = await import('../src/cli/main.ts');
const { processIo } = await import('../src/cli/io.ts');
process.exitCode = await main(process.argv, { ...processIo, signal: interrupt.signal });
