/// <reference lib="dom" />
import { axeViolations } from '../helpers/axe.ts';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type Preview } from '../../src/preview/preview.ts';
import { hasChromium, launchChromium } from '../helpers/browser.ts';
import { scratchProject } from '../helpers/project.ts';

const available = hasChromium();
if (!available && process.env.CI === 'true') throw new Error('Chromium (/usr/bin/chromium) is needed for the preview tests under CI');
const SHOTS = join(tmpdir(), 'policyc-screenshots');

let browser: Browser;
let preview: Preview;
let dir: string;
let policyFile: string;
let original: string;
const rebuilt: { at: number; ms: number }[] = [];

beforeAll(async () => {
  if (!available) return;
  dir = scratchProject();
  policyFile = join(dir, 'policies/social-networking.md');
  original = readFileSync(policyFile, 'utf8');
  preview = await startPreview(dir, { port: 0, onRebuild: (r) => rebuilt.push({ at: performance.now(), ms: r.ms }) });
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await preview?.close();
});

async function open(path: string, width = 1280): Promise<Page> {
  // bypassCSP only so that axe can be injected; the page's own script runs under the page's CSP either way.
  const context = await browser.newContext({ viewport: { width, height: 800 }, bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${preview.url}${path.replace(/^\//, '')}`);
  return page;
}


const frameScroll = (page: Page) => page.frameLocator('#edition').locator('html').evaluate(() => window.scrollY);

describe.skipIf(!available)('policyc preview in Chromium', () => {
  it('shows a saved change without a manual reload, at the same scroll position (npm run bench times it)', async () => {
    const page = await open('/edition/mill-lane-primary/social-networking/');
    const frame = page.frameLocator('#edition');
    await expect.poll(() => frame.locator('body').innerText()).toContain('Mill Lane Primary School');
    await frame.locator('html').evaluate(() => window.scrollTo(0, 1500));
    expect(await frameScroll(page)).toBe(1500);
    const marker = 'Saved in the preview test, first edit';
    const started = performance.now();
    writeFileSync(policyFile, `${original}\n${marker}.\n`);
    await frame.getByText(marker).waitFor();
    const ms = Math.round(performance.now() - started);
    const rebuild = rebuilt.at(-1)!;
    console.log(`preview: saved to new text in the page in ${ms} ms (rebuilt after ${Math.round(rebuild.at - started)} ms, the rebuild itself ${rebuild.ms} ms)`);
    await expect.poll(() => frameScroll(page)).toBe(1500);
    // The page reloaded itself: no navigation was made by the test.
    expect(page.url()).toBe(`${preview.url}edition/mill-lane-primary/social-networking/`);
    await page.context().close();
  });

  it('shows a broken placeholder\'s diagnostic above the last good edition, and drops it when fixed', async () => {
    const page = await open('/edition/mill-lane-primary/social-networking/');
    const frame = page.frameLocator('#edition');
    await frame.getByText('Saved in the preview test, first edit').waitFor();
    expect(original).toContain('{{school.name}}');
    writeFileSync(policyFile, `${original.replace('{{school.name}}', '{{school.nmae}}')}\nSaved in the preview test, broken edit.\n`);
    const problems = page.locator('#problems');
    // The seed project's citations are warnings already: wait for the error.
    await problems.locator('.severity-error').first().waitFor();
    const text = await problems.innerText();
    expect(text).toMatch(/policies\/social-networking\.md:\d+:\d+/);
    expect(text).toContain('nmae');
    expect(text).toMatch(/did you mean|add it to/);
    // The last good edition stays, the broken one is not shown.
    await frame.getByText('Saved in the preview test, first edit').waitFor();
    expect(await frame.locator('body').innerText()).not.toContain('broken edit');
    await page.screenshot({ path: join(SHOTS, 'preview-problems-1280.png') });

    writeFileSync(policyFile, `${original}\nSaved in the preview test, fixed edit.\n`);
    await frame.getByText('Saved in the preview test, fixed edit').waitFor();
    expect(await page.locator('#problems').innerText()).not.toMatch(/error:/);
    expect(await page.locator('#problems .severity-error').count()).toBe(0);
    await page.context().close();
  });

  it('switches school from the toolbar', async () => {
    const page = await open('/edition/mill-lane-primary/social-networking/');
    await page.getByLabel('School').selectOption('riverside-infant');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(`${preview.url}edition/riverside-infant/social-networking/`);
    await expect.poll(() => page.frameLocator('#edition').locator('body').innerText()).toContain('Riverside Nursery and Infant School');
    expect(await page.getByLabel('School').inputValue()).toBe('riverside-infant');
    await page.context().close();
  });

  for (const width of [375, 1280]) {
    it(`has no axe violations on the home page and the toolbar page at ${width} px`, async () => {
      const home = await open('/', width);
      expect(await home.locator('tbody tr').count()).toBe(2);
      const rows = await home.locator('tbody tr').allInnerTexts();
      expect(rows[0]).toMatch(/^Mill Lane Primary School\s+Social Networking Policy for Staff in Schools/);
      expect(rows[1]).toMatch(/^Riverside Nursery and Infant School\s+Social Networking Policy/);
      expect(rows.every((r) => r.includes('builds, with warnings'))).toBe(true);
      expect(await axeViolations(home)).toEqual([]);
      await home.screenshot({ path: join(SHOTS, `preview-home-${width}.png`) });
      await home.context().close();
      const page = await open('/edition/mill-lane-primary/social-networking/', width);
      await page.frameLocator('#edition').locator('body').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `preview-edition-${width}.png`) });
      await page.context().close();
    });
  }
});
