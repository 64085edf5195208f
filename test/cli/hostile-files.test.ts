import { existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratchProject } from '../helpers/project.ts';

describe('hostile files', () => {
  it('a 20 MB config is refused quickly with its location, and the other schools build', async () => {
    const dir = scratchProject();
    writeFileSync(join(dir, 'schools/huge.yaml'), `name: Huge\nguidance:\n${'  - x\n'.repeat(3_500_000)}`);
    const started = performance.now();
    const result = await cli(dir, 'build', '--format', 'html');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^schools\/huge\.yaml:1:1: error: file is 210000\d\d bytes; sources and configs are limited to 2097152 bytes$/m);
    expect(existsSync(join(dir, 'dist/huge'))).toBe(false);
    expect(existsSync(join(dir, 'dist/mill-lane-primary/social-networking.html'))).toBe(true);
  });

  it('a config that links outside the project is refused', async () => {
    const dir = scratchProject();
    const outside = mkdtempSync(join(tmpdir(), 'policyc-outside-'));
    writeFileSync(join(outside, 'secret.yaml'), 'name: Secret School\n');
    symlinkSync(join(outside, 'secret.yaml'), join(dir, 'schools/linked.yaml'));
    const result = await cli(dir, 'check');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`schools/linked.yaml:1:1: error: is a link to ${join(outside, 'secret.yaml')}, outside the project`);
  });

  it('a link inside the project is followed', async () => {
    const dir = scratchProject();
    symlinkSync(join(dir, 'schools/mill-lane-primary.yaml'), join(dir, 'schools/mill-lane-copy.yaml'));
    expect((await cli(dir, 'check')).code).toBe(0);
  });
});
