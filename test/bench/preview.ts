/**
 * npm run bench (second part) [-- --saves 7]
 *
 * `policyc preview` on a copy of the shipped library (every policy for every school):
 * the time from saving a source to the server-sent `rebuild` event an open page
 * reloads on, for a policy, a school config and the LA defaults, over several saves.
 * Target (2-core machine): the page shows the change within 1 s of the save; the
 * browser's reload itself takes 0.2–0.4 s of that (test/e2e/preview.test.ts prints it),
 * so the event must come within 0.6 s.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({ options: { saves: { type: 'string', default: '7' } }, allowPositionals: true, strict: false });
const SAVES = Number(values.saves);

const dir = mkdtempSync(join(tmpdir(), 'policyc-bench-preview-'));
for (const folder of ['policies', 'schools', 'templates']) cpSync(join(REPO, folder), join(dir, folder), { recursive: true });

const child = spawn(process.execPath, [join(REPO, 'bin/policyc.js'), '-C', dir, 'preview', '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
const lines = createInterface({ input: child.stdout! });
const url = await new Promise<string>((resolve, reject) => {
  lines.on('line', (line) => {
    const event = JSON.parse(line) as { event: string; url?: string };
    if (event.event === 'listening') resolve(event.url!);
  });
  child.once('exit', (code) => reject(new Error(`policyc preview exited with ${code}`)));
});

// The page's own connection: the server-sent events it reloads on.
const rebuilds: (() => void)[] = [];
await new Promise<void>((resolve, reject) => {
  const req = request(new URL('events', url), (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      for (const _ of chunk.matchAll(/^event: rebuild$/gm)) rebuilds.shift()?.();
    });
    resolve();
  });
  req.on('error', reject);
  req.end();
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function saves(label: string, file: string): Promise<void> {
  const path = join(dir, file);
  const original = readFileSync(path, 'utf8');
  const times: number[] = [];
  for (let i = 0; i < SAVES; i++) {
    const event = new Promise<void>((resolve) => rebuilds.push(resolve));
    const started = performance.now();
    writeFileSync(path, file.endsWith('.md') ? `${original}\nSaved by the bench, ${i}.\n` : `${original}\n# saved by the bench, ${i}\n`);
    await event;
    times.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  writeFileSync(path, original);
  await new Promise<void>((resolve) => rebuilds.push(resolve));
  console.log(`preview: save ${label.padEnd(36)} → reload event: median ${median(times).toFixed(0).padStart(4)} ms, max ${Math.max(...times).toFixed(0).padStart(4)} ms over ${SAVES} saves`);
}

// Wait for the first build, then measure.
await new Promise((resolve) => setTimeout(resolve, 1500));
await saves('policies/whistleblowing.md', 'policies/whistleblowing.md');
await saves('schools/mill-lane-primary.yaml', 'schools/mill-lane-primary.yaml');
await saves('schools/_defaults.yaml (every edition)', 'schools/_defaults.yaml');
child.kill('SIGINT');
await new Promise((resolve) => child.once('exit', resolve));
rmSync(dir, { recursive: true, force: true });
process.exit(0);
