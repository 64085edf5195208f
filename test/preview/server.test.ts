import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type Preview } from '../../src/preview/preview.ts';
import type { RebuildReport } from '../../src/preview/editions.ts';
import { REPO, scratchProject } from '../helpers/project.ts';

const NODE = join(REPO, 'node_modules/.bin/node');
const BIN = join(REPO, 'bin/policyc.js');

/** A raw GET (the path sent as written, never normalised) with the Host header given. */
function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host }, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.end();
  });
}

let dir: string;
let preview: Preview;
const reports: RebuildReport[] = [];

beforeAll(async () => {
  dir = scratchProject();
  // Links out of the project: a policy-looking file and a folder.
  symlinkSync('/etc/passwd', join(dir, 'policies/passwd.md'));
  symlinkSync('/etc', join(dir, 'templates/etc'));
  writeFileSync(join(dir, 'outside.txt'), 'not a source\n');
  preview = await startPreview(dir, { port: 0, onRebuild: (r) => reports.push(r) });
});

afterAll(async () => {
  await preview?.close();
});

describe('the preview server', () => {
  it('binds 127.0.0.1 only and serves the home page, an edition page and the edition itself', async () => {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const home = await get(preview.port, '/');
    expect(home.status).toBe(200);
    expect(home.body).toContain('mill-lane-primary/social-networking'.split('/')[1]);
    expect(home.body).toContain('Mill Lane Primary School');
    const page = await get(preview.port, '/edition/mill-lane-primary/social-networking/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<iframe');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'; connect-src 'self'; frame-src 'self'/);
    expect(csp).not.toContain('unsafe-eval');
    const edition = await get(preview.port, '/edition/mill-lane-primary/social-networking.html');
    expect(edition.status).toBe(200);
    expect(edition.body).toContain('Mill Lane Primary School');
    expect(edition.body).not.toContain('<script');
    expect(String(edition.headers['content-security-policy'])).toContain("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  });

  it('serves the project sources a problem points at', async () => {
    const source = await get(preview.port, '/source/policies/social-networking.md');
    expect(source.status).toBe(200);
    expect(source.body).toBe(readFileSync(join(dir, 'policies/social-networking.md'), 'utf8'));
  });

  it.each([
    '/source/policies/../../../../etc/passwd',
    '/source/policies/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/source/policies/%2E%2E/outside.txt',
    '/source/policies%2f..%2foutside.txt',
    '/source/policies/..%2f..%2fetc%2fpasswd',
    '/source/policies/..%5c..%5cetc%5cpasswd',
    '/source//etc/passwd',
    '/source/%2fetc%2fpasswd',
    '//etc/passwd',
    '/etc/passwd',
    '/outside.txt',
    '/source/outside.txt',
    '/source/policies/passwd.md',
    '/source/templates/etc/passwd',
    '/source/templates/etc/hostname',
    '/edition/..%2f..%2fetc/passwd.html',
    '/edition/mill-lane-primary/..%2fsocial-networking.html',
    '/edition/mill-lane-primary/social-networking.exe',
    '/source/policies/social-networking.md%00.txt',
  ])('answers %s with 404 and nothing from outside the project', async (path) => {
    const res = await get(preview.port, path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('root:');
    expect(res.body).not.toContain('not a source');
  });

  it('refuses a Host header that is not its local address', async () => {
    for (const host of ['evil.example', `evil.example:${preview.port}`, `127.0.0.1.evil.example:${preview.port}`, '127.0.0.1', `localhost:${preview.port + 1}`]) {
      const res = await get(preview.port, '/', host);
      expect(res.status, host).toBe(421);
      expect(res.body).not.toContain('<table');
    }
    expect((await get(preview.port, '/', `localhost:${preview.port}`)).status).toBe(200);
  });

  it('remakes only the editions a saved school config affects, and shows its error in that edition until fixed', async () => {
    const file = join(dir, 'schools/riverside-infant.yaml');
    const text = readFileSync(file, 'utf8');
    const before = reports.length;
    writeFileSync(file, `${text}\nheadteacher: [unclosed\n`);
    await expect.poll(() => reports.slice(before).find((r) => r.changed.includes('schools/riverside-infant.yaml')), { timeout: 10_000 }).toBeTruthy();
    const broken = reports.slice(before).find((r) => r.changed.includes('schools/riverside-infant.yaml'))!;
    expect(broken.changed).toEqual(['schools/riverside-infant.yaml']);
    // Riverside's editions (of the seed policy and of the policy whose file is a link out), none of Mill Lane's.
    expect(broken.editions).toEqual(['riverside-infant/passwd', 'riverside-infant/social-networking']);
    expect(broken.errors).toBeGreaterThan(0);
    const page = await get(preview.port, '/edition/riverside-infant/social-networking/');
    expect(page.body).toMatch(/schools\/riverside-infant\.yaml:\d+:\d+/);
    // The last good edition is still served.
    expect((await get(preview.port, '/edition/riverside-infant/social-networking.html')).body).toContain('Riverside');
    expect((await get(preview.port, '/edition/mill-lane-primary/social-networking/')).body).not.toMatch(/riverside-infant\.yaml:\d+/);
    writeFileSync(file, text);
    await expect.poll(async () => (await get(preview.port, '/edition/riverside-infant/social-networking/')).body, { timeout: 10_000 }).not.toMatch(/riverside-infant\.yaml:\d+/);
    expect(preview.editions.get('riverside-infant/social-networking')!.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('remakes every edition when a partial changes, and serves the new text', async () => {
    const partial = join(dir, 'templates/partials/useful-contacts.hbs');
    const text = readFileSync(partial, 'utf8');
    const before = reports.length;
    writeFileSync(partial, `${text}\nContacts checked in the preview test.\n`);
    await expect.poll(() => reports.slice(before).find((r) => r.changed.includes('templates/partials/useful-contacts.hbs')), { timeout: 10_000 }).toBeTruthy();
    const report = reports.slice(before).find((r) => r.changed.includes('templates/partials/useful-contacts.hbs'))!;
    expect(report.editions).toEqual(expect.arrayContaining(['mill-lane-primary/social-networking', 'riverside-infant/social-networking']));
    for (const school of ['mill-lane-primary', 'riverside-infant']) {
      expect((await get(preview.port, `/edition/${school}/social-networking.html`)).body).toContain('Contacts checked in the preview test.');
    }
    writeFileSync(partial, text);
    await expect.poll(async () => (await get(preview.port, '/edition/mill-lane-primary/social-networking.html')).body, { timeout: 10_000 }).not.toContain('Contacts checked in the preview test.');
  });

  it('adds the editions of a new policy and drops them when its file is removed', async () => {
    const file = join(dir, 'policies/copy-of-seed.md');
    let before = reports.length;
    writeFileSync(file, readFileSync(join(dir, 'policies/social-networking.md'), 'utf8'));
    await expect.poll(() => reports.slice(before).find((r) => r.changed.includes('policies/copy-of-seed.md')), { timeout: 10_000 }).toBeTruthy();
    expect(reports.slice(before).find((r) => r.changed.includes('policies/copy-of-seed.md'))!.editions).toEqual(['mill-lane-primary/copy-of-seed', 'riverside-infant/copy-of-seed']);
    expect((await get(preview.port, '/edition/riverside-infant/copy-of-seed.html')).status).toBe(200);
    expect((await get(preview.port, '/')).body).toContain('/edition/riverside-infant/copy-of-seed/');
    before = reports.length;
    unlinkSync(file);
    await expect.poll(() => reports.slice(before).find((r) => r.removed.length), { timeout: 10_000 }).toBeTruthy();
    expect(reports.slice(before).find((r) => r.removed.length)!.removed).toEqual(['mill-lane-primary/copy-of-seed', 'riverside-infant/copy-of-seed']);
    expect((await get(preview.port, '/edition/riverside-infant/copy-of-seed.html')).status).toBe(404);
  });

  it('makes the PDF and the DOCX on demand', async () => {
    const pdf = await get(preview.port, '/edition/mill-lane-primary/social-networking.pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.body.startsWith('%PDF-')).toBe(true);
    const docx = await get(preview.port, '/edition/mill-lane-primary/social-networking.docx');
    expect(docx.status).toBe(200);
    expect(String(docx.headers['content-disposition'])).toContain('attachment');
    expect(docx.body.startsWith('PK')).toBe(true);
  });
});

/** Runs `policyc preview` as a user would, until it prints its address. */
function spawnPreview(project: string, args: string[], env: NodeJS.ProcessEnv = process.env): { child: ChildProcess; out: () => string; err: () => string; done: Promise<number | null> } {
  const child = spawn(NODE, [BIN, '-C', project, 'preview', ...args], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, done };
}

describe('policyc preview on the command line', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  });

  it('says in one line that the port is in use, and exits 1', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const port = (taken.address() as { port: number }).port;
    try {
      const run = spawnPreview(scratchProject(), ['--port', String(port)]);
      children.push(run.child);
      expect(await run.done).toBe(1);
      expect(run.err().trim()).toBe(`policyc: error: port ${port} on 127.0.0.1 is in use (another policyc preview, or another server): stop it, or choose another port with --port <n> (--port 0 picks a free one)`);
    } finally {
      taken.close();
    }
  });

  it('logs one JSON line per rebuild with --json, and exits 130 on Ctrl-C', async () => {
    const project = scratchProject();
    const run = spawnPreview(project, ['--port', '0', '--json']);
    children.push(run.child);
    await expect.poll(() => run.out(), { timeout: 30_000 }).toContain('"event":"listening"');
    const listening = JSON.parse(run.out().trim().split('\n').find((l) => l.includes('listening'))!) as { url: string };
    expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const policy = join(project, 'policies/social-networking.md');
    writeFileSync(policy, readFileSync(policy, 'utf8').replace('{{school.name}}', '{{school.nmae}}'));
    await expect.poll(() => run.out().split('\n').filter((l) => l.includes('"changed":["policies')).length, { timeout: 10_000 }).toBe(1);
    const line = JSON.parse(run.out().split('\n').find((l) => l.includes('"changed":["policies'))!) as Record<string, unknown>;
    expect(line).toMatchObject({ event: 'rebuild', changed: ['policies/social-networking.md'], editions: ['mill-lane-primary/social-networking', 'riverside-infant/social-networking'] });
    expect(line.errors).toBeGreaterThan(0);
    expect(typeof line.ms).toBe('number');
    run.child.kill('SIGINT');
    expect(await run.done).toBe(130);
    expect(run.err()).toContain('policyc: preview stopped');
    expect(run.err()).not.toContain('editions being written');
    expect(run.err()).not.toMatch(/\n\s+at /);
  });

  it('says so and goes on when --open finds no browser to open', async () => {
    // No xdg-open (or open) on this PATH: nothing is launched.
    const run = spawnPreview(scratchProject(), ['--port', '0', '--open'], { ...process.env, PATH: '/nonexistent' });
    children.push(run.child);
    await expect.poll(() => run.err(), { timeout: 30_000 }).toMatch(/policyc: no browser could be opened \((xdg-open|open|cmd) is missing\): open http:\/\/127\.0\.0\.1:\d+\/ yourself/);
    expect(run.out()).toMatch(/^policyc preview: http:\/\/127\.0\.0\.1:\d+\/ \(Ctrl-C stops it\)\n$/);
    run.child.kill('SIGINT');
    expect(await run.done).toBe(130);
  });
});

it('rejects a port that is not a number as a usage error', async () => {
  const run = spawnPreview(scratchProject(), ['--port', 'http']);
  expect(await run.done).toBe(2);
  expect(run.err()).toContain('--port must be a port number from 0 to 65535');
});

