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
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
