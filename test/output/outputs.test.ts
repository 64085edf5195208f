import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/diagnostics/diagnostic.ts';
import { indexPage } from '../../src/output/index-page.ts';
import { assertOwnIndex, writeOutputs } from '../../src/output/outputs.ts';
import { cli, scratchProject } from '../helpers/project.ts';

const folder = () => mkdtempSync(join(tmpdir(), 'policyc-outputs-'));

describe('writeOutputs', () => {
  it('writes manifest.json and an index page that says policyc made it', () => {
    const out = folder();
    writeOutputs(out, []);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toEqual({ generator: 'policyc', editions: [] });
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('<meta name="generator" content="policyc">');
  });
});

describe('assertOwnIndex', () => {
  it('lets a missing index page, or one policyc wrote (this version or an older one), be replaced', () => {
    const out = folder();
    expect(() => assertOwnIndex(out)).not.toThrow();
    writeFileSync(join(out, 'index.html'), indexPage([]));
    expect(() => assertOwnIndex(out)).not.toThrow();
    writeFileSync(join(out, 'index.html'), '<!doctype html><html><head><title>Staff policies for schools</title></head></html>');
    expect(() => assertOwnIndex(out)).not.toThrow();
  });

  it('refuses an index page someone else wrote, a folder by that name and a link to another file', () => {
    const out = folder();
    writeFileSync(join(out, 'index.html'), '<!doctype html><title>Our school website</title>');
    expect(() => assertOwnIndex(out, 'site')).toThrow(UsageError);
    expect(() => assertOwnIndex(out, 'site')).toThrow('site/index.html was not written by policyc, and a build would replace it: move it away or choose another --out');
    const dir = folder();
    mkdirSync(join(dir, 'index.html'));
    expect(() => assertOwnIndex(dir, 'out')).toThrow('out/index.html is not a file policyc wrote');
    const linked = folder();
    const elsewhere = join(folder(), 'home.html');
    writeFileSync(elsewhere, '<p>home</p>');
    symlinkSync(elsewhere, join(linked, 'index.html'));
    expect(() => assertOwnIndex(linked)).toThrow('was not written by policyc');
  });

  it('stops a build before it writes anything, and leaves the page as it was', async () => {
    const dir = scratchProject();
    mkdirSync(join(dir, 'site'));
    writeFileSync(join(dir, 'site/index.html'), '<h1>Welcome</h1>');
    const result = await cli(dir, 'build', '--format', 'html', '--out', 'site');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('site/index.html was not written by policyc');
    expect(readFileSync(join(dir, 'site/index.html'), 'utf8')).toBe('<h1>Welcome</h1>');
    const again = await cli(dir, 'build', '--format', 'html', '--out', 'dist');
    expect(again.code).toBe(0);
    const rebuilt = await cli(dir, 'build', '--format', 'html', '--out', 'dist', '--force');
    expect(rebuilt.code).toBe(0);
  });
});
