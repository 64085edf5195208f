import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_TEMPLATES, loadProject, templateLayers } from '../../src/project/load-project.ts';
import { hasClient, run } from '../helpers/clients.ts';
import { htmlText } from '../helpers/html-text.ts';
import { cli, REPO, scratchProject } from '../helpers/project.ts';
import { normalise } from '../helpers/seed.ts';

/** A scratch copy of the shipped project with no templates/ but the files given, as an LA's repository has. */
function withOverrides(files: Record<string, string>): string {
  const dir = scratchProject();
  rmSync(join(dir, 'templates'), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, 'templates', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'templates', path), text);
  }
  return dir;
}

const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'dist/manifest.json'), 'utf8')) as { editions: { id: string; inputHash: string }[] };
const builtIn = (path: string) => readFileSync(join(BUILT_IN_TEMPLATES, path), 'utf8');
const poppler = hasClient('pdftotext', '-v');

describe("a project's templates/ overrides policyc's templates file by file", () => {
  it('layers policyc\'s templates under the project\'s own folder, and only policyc\'s when the project has none', async () => {
    expect(BUILT_IN_TEMPLATES).toBe(join(REPO, 'templates'));
    expect(templateLayers(await loadProject(REPO))).toEqual([BUILT_IN_TEMPLATES]);
    expect(templateLayers(await loadProject(withOverrides({})))).toEqual([BUILT_IN_TEMPLATES]);
    const overridden = withOverrides({ 'partials/address.hbs': 'x' });
    expect(templateLayers(await loadProject(overridden))).toEqual([BUILT_IN_TEMPLATES, join(overridden, 'templates')]);
  });

  it('one partial: the project\'s replaces policyc\'s, and every other partial is still policyc\'s', async () => {
    const hrContacts = builtIn('partials/hr-contacts.hbs').replace('If you have any questions in relation to these procedures', 'For any question about this policy, first ask your line manager; then');
    const dir = withOverrides({ 'partials/hr-contacts.hbs': hrContacts });
    const result = await cli(dir, 'build', '--format', 'html', '--jobs', '1', '--quiet');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const text = normalise(htmlText(readFileSync(join(dir, 'dist/mill-lane-primary/social-networking.html'), 'utf8')));
    expect(text).toContain('For any question about this policy, first ask your line manager; then, please contact the Schools HR Advisory Service');
    expect(text).not.toContain('If you have any questions in relation to these procedures');
    // The override still includes policyc's {{> address}}, and the policy policyc's legislation list.
    expect(text).toContain('Municipal Buildings');
    expect(text).toContain('Malicious Communication Act 1998');
  });

  it('the input hash is of the templates a run uses: a full copy of policyc\'s changes nothing, an override rebuilds', async () => {
    const copy = scratchProject();
    const none = withOverrides({});
    for (const dir of [copy, none]) expect((await cli(dir, 'build', '--format', 'html', '--jobs', '1', '--quiet')).code).toBe(0);
    expect(manifest(copy)).toEqual(manifest(none));

    mkdirSync(join(none, 'templates/partials'), { recursive: true });
    writeFileSync(join(none, 'templates/partials/useful-contacts.hbs'), builtIn('partials/useful-contacts.hbs').replace('- [', '- Useful: ['));
    const again = await cli(none, 'build', '--format', 'html', '--jobs', '1', '--json');
    expect(JSON.parse(again.stdout).summary).toEqual({ built: 2, upToDate: 0, failed: 0 });
    expect(manifest(none).editions[0]!.inputHash).not.toBe(manifest(copy).editions[0]!.inputHash);
  });

  it.skipIf(!poppler)('the PDF template: the project\'s edition.typ lays the PDF out, reading a file of its own beside it, in every worker', async () => {
    const typ = builtIn('pdf/edition.typ');
    expect(typ).toContain('"Version " + meta.version');
    const dir = withOverrides({
      'pdf/edition.typ': typ.replace('"Version " + meta.version', 'read("issuer.txt").trim() + " · Version " + meta.version'),
      'pdf/issuer.txt': 'Issued by the Example Council schools team\n',
    });
    const result = await cli(dir, 'build', '--format', 'pdf', '--jobs', '2', '--quiet');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const school of ['mill-lane-primary', 'riverside-infant']) {
      const text = normalise(run('pdftotext', ['-enc', 'UTF-8', join(dir, `dist/${school}/social-networking.pdf`), '-']));
      expect(text).toContain('Issued by the Example Council schools team · Version 3.0 · Review by 1 September 2027');
      // The rest of the template (and policyc's fonts beside it) is policyc's own.
      expect(text).toContain('Social Networking Policy for Staff in Schools');
    }
  });
});
