import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, scratchProject } from '../helpers/project.ts';

// The installed command, run as a user runs it: `npx policyc` puts the project's Node first on the PATH.
const NODE = join(REPO, 'node_modules/.bin/node');
const BIN = join(REPO, 'bin/policyc.js');
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));

function policyc(cwd: string, ...args: string[]) {
  return spawnSync(NODE, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('the policyc command', () => {
  it('prints its version and help with examples', () => {
    expect(policyc(REPO, '--version').stdout.trim()).toBe(pkg.version);
    const help = policyc(REPO, '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/build \[options\]/);
    expect(help.stdout).toContain('Examples:');
    const buildHelp = policyc(REPO, 'build', '--help');
    expect(buildHelp.stdout).toContain('--school <id...>');
    expect(buildHelp.stdout).toContain('Exit codes: 0 built');
  });

  it('lists policies and schools with titles and versions', () => {
    const list = policyc(REPO, 'list');
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/social-networking\s+Social Networking Policy for Staff in Schools \(version 3\.0, review 2027-09-01\)/);
    expect(list.stdout).toMatch(/mill-lane-primary\s+Mill Lane Primary School/);
  });

  it('exits 2 on a usage error and 1 on a source error, without a stack trace', () => {
    const usage = policyc(REPO, 'build', '--school', 'nowhere');
    expect(usage.status).toBe(2);
    const dir = scratchProject({ files: { 'schools/broken.yaml': 'name: [\n' } });
    const source = policyc(dir, 'build', '--format', 'html');
    expect(source.status).toBe(1);
    expect(source.stderr).toMatch(/^schools\/broken\.yaml:\d+:\d+: error:/m);
    expect(source.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses to run on a Node.js too old to run its sources, with advice', () => {
    const old = spawnSync(process.execPath, ['-e', `Object.defineProperty(process.versions, 'node', { value: '20.20.2' }); await import(${JSON.stringify(BIN)})`], { encoding: 'utf8', env: process.env });
    expect(old.status).toBe(2);
    expect(old.stderr).toMatch(/^policyc: its sources need Node\.js 22\.18\.0 or newer to run directly, and this is v20\.20\.2; run `npm ci`, then `npx policyc …`.*\n$/);
  });
});
