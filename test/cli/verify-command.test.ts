import { copyFileSync, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest, ManifestEdition } from '../../src/output/manifest.ts';
import { VERIFY_MAX_BYTES } from '../../src/output/verify.ts';
import { hasClient, run } from '../helpers/clients.ts';
import { cli, scratchProject } from '../helpers/project.ts';

const MILL = 'mill-lane-primary/social-networking';

interface JsonVerdict {
  file: string;
  verdict: string;
  format?: string;
  claimed?: string | string[];
  problem?: string;
  edition?: { id: string; printedId: string; school: { id: string; name: string }; policy: { id: string; version: string }; inputHash: string };
}

async function verify(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string; verdicts: JsonVerdict[] }> {
  const result = await cli(cwd, 'verify', '--json', ...args);
  const verdicts = result.stdout ? (JSON.parse(result.stdout) as { files: JsonVerdict[] }).files : [];
  return { ...result, verdicts };
}

/** A copy of `file` with the byte at `at` changed. */
function withByteChanged(file: string, copy: string, at: number): void {
  const bytes = readFileSync(file);
  bytes[at] = bytes[at]! ^ 0x01;
  writeFileSync(copy, bytes);
}

describe('policyc verify', () => {
  let dir: string;
  let mill: ManifestEdition;
  let work: string;
  beforeAll(async () => {
    dir = scratchProject();
    expect((await cli(dir, 'build', '--quiet')).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'dist/manifest.json'), 'utf8')) as Manifest;
    mill = manifest.editions.find((e) => e.id === MILL)!;
    work = join(dir, 'copies');
    mkdirSync(work);
  }, 120_000);

  it('says each genuine file of every format is that edition, with its school, policy, version, format and inputs; exit 0', async () => {
    const files = ['html', 'docx', 'pdf'].map((f) => `dist/${MILL}.${f}`);
    const result = await verify(dir, ...files);
    expect(result.code).toBe(0);
    expect(result.verdicts.map((v) => [v.file, v.verdict, v.format])).toEqual([[files[0], 'genuine', 'html'], [files[1], 'genuine', 'docx'], [files[2], 'genuine', 'pdf']]);
    for (const v of result.verdicts) {
      expect(v.edition).toEqual({ id: MILL, printedId: mill.printedId, school: { id: 'mill-lane-primary', name: 'Mill Lane Primary School' }, policy: mill.policy, inputHash: mill.inputHash });
    }
    const plain = await cli(dir, 'verify', files[2]!);
    expect(plain.stdout).toBe(`${files[2]}: genuine: the PDF of ${MILL} (Social Networking Policy for Staff in Schools, version 3.0, for Mill Lane Primary School), edition ID ${mill.printedId}, built from inputs ${mill.inputHash.slice(0, 16)}…\n`);
    expect(plain.stderr).toBe('policyc: 1 file: 1 genuine, 0 altered, 0 unknown (by dist/manifest.json)\n');
  });

  it('calls a file with one byte changed an altered copy of its edition, in every format; exit 1', async () => {
    const copies: string[] = [];
    for (const format of ['html', 'docx', 'pdf']) {
      const original = join(dir, `dist/${MILL}.${format}`);
      const copy = join(work, `one-byte.${format}`);
      // Past the head of the file (an HTML page's text, a zip entry's or a PDF stream's bytes).
      withByteChanged(original, copy, Math.floor(readFileSync(original).length / 2));
      copies.push(copy);
    }
    const result = await verify(dir, ...copies);
    expect(result.code).toBe(1);
    for (const v of result.verdicts) {
      expect(v.verdict, v.file).toBe('altered');
      expect(v.claimed, v.file).toBe(mill.printedId);
      expect(v.edition?.id, v.file).toBe(MILL);
    }
    const plain = await cli(dir, 'verify', copies[0]!);
    expect(plain.stdout).toBe(`${copies[0]}: altered copy of ${MILL} (Social Networking Policy for Staff in Schools, version 3.0, for Mill Lane Primary School): it claims edition ID ${mill.printedId}, but its bytes are none of that edition's files\n`);
  });

  const qpdf = hasClient('qpdf');
  it.skipIf(!qpdf)('calls a PDF re-saved by qpdf an altered copy (its keywords keep the ID)', async () => {
    const resaved = join(work, 'qpdf.pdf');
    run('qpdf', ['--object-streams=generate', '--compress-streams=y', join(dir, `dist/${MILL}.pdf`), resaved]);
    const result = await verify(dir, resaved);
    expect(result.code).toBe(1);
    expect(result.verdicts[0]).toMatchObject({ verdict: 'altered', claimed: mill.printedId, edition: { id: MILL } });
  });

  const soffice = hasClient('soffice');
  it.skipIf(!soffice)('calls a PDF and a DOCX re-saved by LibreOffice altered copies (the PDF by its footers\' text, which is all LibreOffice keeps)', async () => {
    const profile = join(dir, 'lo-profile');
    const out = join(work, 'libreoffice');
    const lo = (...args: string[]) => run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', ...args, '--outdir', out], { timeout: 180_000 });
    lo('--infilter=writer_pdf_import', '--convert-to', 'pdf:writer_pdf_Export', join(dir, `dist/${MILL}.pdf`));
    lo('--convert-to', 'docx', join(dir, `dist/${MILL}.docx`));
    const pdf = join(out, 'social-networking.pdf');
    expect(run('pdfinfo', [pdf])).toMatch(/^Producer:\s+LibreOffice/m);
    expect(run('pdfinfo', [pdf])).not.toContain('Edition ID');
    const result = await verify(dir, pdf, join(out, 'social-networking.docx'));
    expect(result.code).toBe(1);
    for (const v of result.verdicts) expect(v, v.file).toMatchObject({ verdict: 'altered', claimed: mill.printedId, edition: { id: MILL } });
  });

  it('calls a stranger\'s files unknown: another build\'s edition (whose ID this manifest does not list) and a file that is no edition', async () => {
    const other = scratchProject();
    const riverside = join(other, 'schools/mill-lane-primary.yaml');
    writeFileSync(riverside, readFileSync(riverside, 'utf8').replace(/^name: .*$/m, 'name: Mill Lane Academy'));
    expect((await cli(other, 'build', '--format', 'html', '--quiet')).code).toBe(0);
    const theirs = JSON.parse(readFileSync(join(other, 'dist/manifest.json'), 'utf8')) as Manifest;
    const strangerId = theirs.editions.find((e) => e.id === MILL)!.printedId!;
    expect(strangerId).not.toBe(mill.printedId);
    const stranger = join(work, 'stranger.html');
    copyFileSync(join(other, `dist/${MILL}.html`), stranger);
    const notes = join(work, 'notes.txt');
    writeFileSync(notes, 'Minutes of the governing body, 3 March\n');
    const result = await verify(dir, stranger, notes);
    expect(result.code).toBe(1);
    expect(result.verdicts.map((v) => [v.verdict, v.claimed])).toEqual([['unknown', [strangerId]], ['unknown', []]]);
    const plain = await cli(dir, 'verify', stranger);
    expect(plain.stdout).toBe(`${stranger}: unknown: not an edition in dist/manifest.json, and the edition ID it claims (${strangerId}) is not in it\n`);
  });

  it('says why it cannot read a folder, a FIFO, a file over the limit or a dangling link, without reading or hanging; exit 1', async () => {
    const fifo = join(work, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const big = join(work, 'big.pdf');
    writeFileSync(big, '%PDF-1.7\n');
    truncateSync(big, VERIFY_MAX_BYTES + 1);
    const dangling = join(work, 'dangling.pdf');
    symlinkSync(join(work, 'nowhere.pdf'), dangling);
    const genuine = `dist/${MILL}.html`;
    const result = await verify(dir, work, fifo, big, dangling, genuine);
    expect(result.code).toBe(1);
    expect(result.verdicts.map((v) => [v.verdict, v.problem])).toEqual([
      ['unreadable', 'it is a folder, not a file'],
      ['unreadable', 'it is not a regular file (a FIFO, a socket or a device)'],
      ['unreadable', `it is ${VERIFY_MAX_BYTES + 1} bytes, more than the ${VERIFY_MAX_BYTES} an edition can be`],
      ['unreadable', 'no such file (or a link to nothing)'],
      ['genuine', undefined],
    ]);
  });

  it('verifies against the manifest `policyc publish` merges from a sharded build\'s parts, which keep each edition\'s ID', async () => {
    const sharded = scratchProject();
    for (const shard of ['1/2', '2/2']) expect((await cli(sharded, 'build', '--format', 'html', '--shard', shard, '--quiet')).code).toBe(0);
    expect((await cli(sharded, 'publish')).code).toBe(0);
    const merged = JSON.parse(readFileSync(join(sharded, 'dist/manifest.json'), 'utf8')) as Manifest;
    expect(merged.editions.find((e) => e.id === MILL)!.printedId).toBe(mill.printedId);
    const result = await verify(sharded, `dist/${MILL}.html`, 'dist/riverside-infant/social-networking.html');
    expect(result.code).toBe(0);
    expect(result.verdicts.map((v) => v.verdict)).toEqual(['genuine', 'genuine']);
  });

  it('checks against --manifest or --out, and refuses both at once (exit 2) or a missing or damaged manifest (exit 1)', async () => {
    const moved = join(dir, 'elsewhere');
    mkdirSync(moved);
    copyFileSync(join(dir, 'dist/manifest.json'), join(moved, 'manifest.json'));
    expect((await verify(dir, '--manifest', 'elsewhere/manifest.json', `dist/${MILL}.pdf`)).verdicts[0]?.verdict).toBe('genuine');
    expect((await verify(dir, '--out', 'elsewhere', `dist/${MILL}.pdf`)).verdicts[0]?.verdict).toBe('genuine');
    const both = await cli(dir, 'verify', '--out', 'dist', '--manifest', 'elsewhere/manifest.json', `dist/${MILL}.pdf`);
    expect(both).toMatchObject({ code: 2, stdout: '', stderr: 'policyc: error: give --out or --manifest, not both\n' });
    expect((await cli(dir, 'verify')).code).toBe(2);
    const missing = await cli(dir, 'verify', '--out', 'nothing-here', `dist/${MILL}.pdf`);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe('policyc: error: cannot verify against nothing-here/manifest.json: there is no such file (build first, or give --out or --manifest)\n');
    writeFileSync(join(moved, 'manifest.json'), '{"editions": 3}');
    const damaged = await cli(dir, 'verify', '--manifest', 'elsewhere/manifest.json', `dist/${MILL}.pdf`);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toMatch(/^policyc: error: cannot verify against elsewhere\/manifest\.json: it is not a policyc manifest: /);
  });
});
