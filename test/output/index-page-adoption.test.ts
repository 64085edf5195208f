import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../src/output/manifest.ts';
import { hasChromium, launchChromium } from '../helpers/browser.ts';
import { htmlText } from '../helpers/html-text.ts';
import { cli, scratchProject } from '../helpers/project.ts';

let dir: string;
beforeAll(async () => {
  dir = scratchProject({ library: true });
  const built = await cli(dir, 'build', '--format', 'html');
  expect(built.code, built.stderr).toBe(0);
}, 300_000);

describe('the adoption state in the manifest and dist/index.html', () => {
  it('records what each school\'s register said in its manifest entry', () => {
    const manifest = readManifest(join(dir, 'dist/manifest.json'));
    expect(manifest.state).toBe('valid');
    const entry = (id: string) => (manifest as { manifest: { editions: { id: string; adoption?: unknown }[] } }).manifest.editions.find((e) => e.id === id)!.adoption;
    expect(entry('mill-lane-primary/social-networking')).toEqual({ state: 'adopted', version: '3.0', approved: '2026-10-14', minute: '7.2', review: '2027-09-01' });
    expect(entry('riverside-infant/whistleblowing')).toEqual({ state: 'awaiting-approval', version: '2.0', approved: '2024-03-12', minute: 'GB/24/05', review: '2028-09-01' });
    expect(entry('ysgol-ty-dwr/lone-working')).toEqual({ state: 'never-adopted' });
  });

  it('shows each school\'s state per policy, without the script too', () => {
    const html = readFileSync(join(dir, 'dist/index.html'), 'utf8');
    const text = htmlText(html);
    expect(text).toContain('Adopted 14 October 2026, minute 7.2');
    expect(text).toContain('Awaiting approval (version 2.0 adopted 12 March 2024)');
    expect(text).toContain('Not adopted');
    expect(html).toMatch(/<tr data-state="never-adopted"><th scope="row">Lone Working Policy for Staff in Schools<\/th>/);
    expect(html).toMatch(/<select id="state" hidden>/);
  });

  it.runIf(hasChromium())('filters by state, and marks a review past on the reader\'s day overdue', async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await browser.newPage();
      // The reader's day: after the 1 September 2027 reviews, before the 2028 ones.
      await page.clock.setFixedTime(new Date('2027-10-01T12:00:00Z'));
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await page.goto(pathToFileURL(join(dir, 'dist/index.html')).href);
      expect(errors).toEqual([]);
      const visible = () => page.$$eval('section.school:not([hidden]) tbody tr:not([hidden])', (rows) => rows.map((r) => `${r.closest('section')!.dataset.name}: ${r.querySelector('th')!.textContent} = ${r.querySelector('.state')!.textContent}`));
      expect(await visible()).toHaveLength(15);
      await page.selectOption('#state', 'awaiting-approval');
      expect(await visible()).toEqual(['Riverside Nursery and Infant School: Whistleblowing Policy for Staff in Schools = Awaiting approval (version 2.0 adopted 12 March 2024)']);
      expect(await page.textContent('#count')).toBe('1 of 3 schools shown');
      await page.selectOption('#state', 'never-adopted');
      expect(await visible()).toEqual([
        'Ysgol Gynradd Tŷ Dŵr: Acceptable Use of ICT Policy for Staff in Schools = Not adopted',
        'Ysgol Gynradd Tŷ Dŵr: Lone Working Policy for Staff in Schools = Not adopted',
      ]);
      await page.selectOption('#state', 'overdue');
      const overdue = await visible();
      expect(overdue).toContain('Mill Lane Primary School: Staff Code of Conduct for Schools = Review overdue');
      expect(overdue.some((r) => r.includes('Whistleblowing'))).toBe(false);
      // Both filters at once: the name narrows the overdue list to one school.
      await page.fill('#filter', 'riverside');
      expect((await visible()).every((r) => r.startsWith('Riverside'))).toBe(true);
      expect(await page.textContent('#count')).toBe('1 of 3 schools shown');
    } finally {
      await browser?.close();
    }
  });
});
