import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addSchools, cli, REPO, scratchProject, snapshot } from '../helpers/project.ts';

/**
 * The GitHub Actions workflow the README ships (build with a matrix of shards, publish
 * the merged result). GitHub's own actions cannot run here; what can is checked: the
 * workflow is valid YAML wired as described, and its own `run` lines, executed as the
 * jobs would (each shard on its own checkout, the artifacts merged into one folder,
 * then publish), give exactly what one unsharded build gives.
 */
const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const block = /```yaml\n# \.github\/workflows\/policies\.yml\n([\s\S]*?)```/.exec(readme);

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

const workflow = parse(block?.[1] ?? '') as {
  jobs: {
    build: { strategy: { matrix: { shard: number[] } }; steps: Step[] };
    publish: { needs: string; steps: Step[] };
  };
};
const checkouts: string[] = [];
afterAll(() => {
  for (const dir of checkouts.splice(0)) rmSync(dir, { recursive: true, force: true });
});
/** A fresh folder standing for one job's runner, holding a checkout of `project`. */
function checkout(project: string, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `policyc-${name}-`));
  checkouts.push(dir);
  cpSync(project, dir, { recursive: true });
  return dir;
}

const runs = (steps: Step[]) => steps.filter((s) => s.run).map((s) => s.run!);
const action = (steps: Step[], name: string) => steps.find((s) => s.uses?.startsWith(`${name}@`));

/** A `run` line as arguments to policyc: `npx policyc build …` → ['build', …]. */
function policycArgs(line: string, shard?: number): string[] {
  const words = line.replace('${{ matrix.shard }}', String(shard)).trim().split(/\s+/);
  expect(words.slice(0, 2)).toEqual(['npx', 'policyc']);
  return words.slice(2);
}

describe('the GitHub Actions workflow in the README', () => {
  it('is valid YAML: a build matrix of shards, then a publish job that needs it', () => {
    expect(block, 'README has the workflow block').not.toBeNull();
    const { build, publish } = workflow.jobs;
    const shards = build.strategy.matrix.shard;
    expect(shards).toEqual(shards.map((_, i) => i + 1));
    expect(publish.needs).toBe('build');
    for (const job of [build, publish]) {
      // The Node.js it sets up runs policyc (engines: ^20.19.0 || >=22.12.0; the repository's own sources need 22.18), and it installs as the README says.
      expect(Number(action(job.steps, 'actions/setup-node')?.with?.['node-version'])).toBeGreaterThanOrEqual(24);
      expect(runs(job.steps)).toContain('npm ci');
    }
    // What a shard uploads is what publish downloads, merged into the folder it publishes.
    const upload = action(build.steps, 'actions/upload-artifact')!.with!;
    const download = action(publish.steps, 'actions/download-artifact')!.with!;
    expect(String(upload.name).replace('${{ matrix.shard }}', '1')).toMatch(new RegExp(`^${String(download.pattern).replace('*', '.*')}$`));
    expect(download['merge-multiple']).toBe(true);
    expect(action(publish.steps, 'actions/upload-pages-artifact')!.with!.path).toBe(download.path);
  });

  it('its run lines, as the jobs run them, publish exactly what one unsharded build writes', async () => {
    const project = scratchProject();
    addSchools(project, 3);
    const { build, publish } = workflow.jobs;
    const [buildLine] = runs(build.steps).filter((r) => r.startsWith('npx policyc'));
    const [publishLine] = runs(publish.steps).filter((r) => r.startsWith('npx policyc'));
    const upload = String(action(build.steps, 'actions/upload-artifact')!.with!.path);
    const downloadTo = String(action(publish.steps, 'actions/download-artifact')!.with!.path);

    // Each matrix job: its own checkout, one shard.
    const publisher = checkout(project, 'publish');
    for (const shard of build.strategy.matrix.shard) {
      const runner = checkout(project, `shard-${shard}`);
      const result = await cli(runner, ...policycArgs(buildLine!, shard));
      expect(result.code, result.stderr).toBe(0);
      cpSync(join(runner, upload), join(publisher, downloadTo), { recursive: true }); // download-artifact, merge-multiple
    }
    const published = await cli(publisher, ...policycArgs(publishLine!));
    expect(published.code, published.stderr).toBe(0);

    expect((await cli(project, 'build', '--out', 'whole')).code).toBe(0);
    const whole = snapshot(join(project, 'whole'));
    expect(Object.keys(whole)).toContain('manifest.json');
    expect(Object.keys(whole).filter((f) => f.endsWith('.pdf'))).toHaveLength(5);
    expect(snapshot(join(publisher, downloadTo))).toEqual(whole);
  }, 120_000);
});
