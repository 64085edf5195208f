import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRenderer, defaultJobs } from '../../src/batch/pool.ts';
import { renderEdition, type RenderTask } from '../../src/batch/render-edition.ts';
import { htmlText } from '../helpers/html-text.ts';
import { policyBuilder, school } from '../writers/build.ts';

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function outDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'policyc-pool-'));
  folders.push(dir);
  return dir;
}

const edition = policyBuilder('# Aims\n\n1. The {{school.governingBody}} of {{school.name}} keeps this policy.\n')(school({ id: 'oak', name: 'Oak & Ash <Primary>' }));

function task(dir: string): RenderTask {
  return { edition: edition.tokenized!, formats: ['html', 'docx', 'pdf'], outDir: dir, writerOptions: {} };
}

function files(dir: string): Record<string, Buffer> {
  return Object.fromEntries(readdirSync(join(dir, 'oak')).sort().map((name) => [name, readFileSync(join(dir, 'oak', name))]));
}

describe('createRenderer', () => {
  it('with one job renders in this thread, one edition at a time', async () => {
    const renderer = createRenderer(1);
    expect(renderer.render).toBe(renderEdition);
    expect(renderer.capacity).toBe(1);
    const dir = outDir();
    try {
      const result = await renderer.render(task(dir));
      expect(result.files.map((f) => f.path)).toEqual(['oak/t.html', 'oak/t.docx', 'oak/t.pdf']);
      const html = readFileSync(join(dir, 'oak/t.html'), 'utf8');
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(htmlText(html)).toContain('The Governing Body of Oak & Ash <Primary> keeps this policy.');
      expect(result.files.map((f) => f.bytes)).toEqual(['t.html', 't.docx', 't.pdf'].map((name) => readFileSync(join(dir, 'oak', name)).byteLength));
    } finally {
      await renderer.close();
    }
  });

  it('with two jobs renders on worker threads, writing the same bytes as in-process', async () => {
    const inProcess = createRenderer(1);
    const here = outDir();
    const hereResult = await inProcess.render(task(here)).finally(() => inProcess.close());

    const pool = createRenderer(2);
    expect(pool.capacity).toBe(6);
    expect(pool.render).not.toBe(renderEdition);
    const there = outDir();
    try {
      const thereResult = await pool.render(task(there));
      expect(thereResult.files).toEqual(hereResult.files);
    } finally {
      await pool.close();
    }
    const a = files(here);
    const b = files(there);
    expect(Object.keys(b)).toEqual(['t.docx', 't.html', 't.pdf']);
    for (const name of Object.keys(a)) expect(b[name]!.equals(a[name]!), name).toBe(true);
    expect(b['t.pdf']!.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('runs several editions at once on the pool, each written to its own place', async () => {
    const pool = createRenderer(2);
    const dir = outDir();
    try {
      const editions = ['elm', 'fir', 'yew'].map((id) => policyBuilder('# Aims\n\n1. {{school.name}}.\n')(school({ id, name: `${id} school` })));
      const results = await Promise.all(editions.map((e) => pool.render({ edition: e.tokenized!, formats: ['html'], outDir: dir, writerOptions: {} })));
      expect(results.map((r) => r.files.map((f) => f.path))).toEqual([['elm/t.html'], ['fir/t.html'], ['yew/t.html']]);
      for (const id of ['elm', 'fir', 'yew']) expect(readFileSync(join(dir, id, 't.html'), 'utf8')).toContain(`${id} school`);
    } finally {
      await pool.close();
    }
  });
});

describe('defaultJobs', () => {
  it('is one job per core', () => {
    expect(defaultJobs()).toBe(availableParallelism());
  });
});
