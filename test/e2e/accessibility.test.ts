/// <reference lib="dom" />
import { axeViolations } from '../helpers/axe.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../helpers/browser.ts';
import { run } from '../helpers/clients.ts';
import { cli, REPO, scratchProject } from '../helpers/project.ts';
import { normalise } from '../helpers/seed.ts';

const available = hasChromium();
const WIDTHS = { desktop: 1280, mobile: 375 } as const;
// UPDATE_SCREENSHOTS=1 writes the README's pictures; otherwise they go to a temporary folder.
const SHOTS = process.env.UPDATE_SCREENSHOTS ? join(REPO, '.github/readme') : join(tmpdir(), 'policyc-screenshots');

let browser: Browser;
let dist: string;

beforeAll(async () => {
  if (!available) return;
  const dir = scratchProject({ files: { 'schools/st-marys.yaml': 'name: "St Mary\'s & St John\'s <C of E> *Primary* #1"\n' } });
  const result = await cli(dir, 'build', '--format', 'html');
  expect(result.code).toBe(0);
  dist = join(dir, 'dist');
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

async function open(path: string, width: number): Promise<Page> {
  // bypassCSP lets the test inject axe; the pages themselves allow no injected script.
  const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true, javaScriptEnabled: true });
  const page = await context.newPage();
  const external: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('file://')) external.push(r.url());
  });
  await page.goto(`file://${join(dist, path)}`);
  expect(external).toEqual([]);
  return page;
}


describe.skipIf(!available)('the axe check itself', () => {
  it('finds violations in a page that has them (so zero means zero)', async () => {
    writeFileSync(join(dist, 'bad.html'), '<!doctype html><html><head><title>x</title></head><body><img src="x.png"><a href="#"></a><p style="color:#eee">low contrast</p></body></html>');
    const page = await open('bad.html', WIDTHS.desktop);
    const ids = (await axeViolations(page)).map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['html-has-lang', 'image-alt', 'link-name', 'color-contrast']));
    await page.context().close();
  });
});

const pages = ['mill-lane-primary/social-networking.html', 'st-marys/social-networking.html', 'index.html'];

describe.skipIf(!available)('accessibility in real Chromium (axe-core, WCAG 2.2 AA)', () => {
  for (const path of pages) {
    for (const [name, width] of Object.entries(WIDTHS)) {
      it(`${path} at ${name} width (${width} px) has zero violations`, async () => {
        const page = await open(path, width);
        expect(await axeViolations(page)).toEqual([]);
        const shot = path === 'index.html' ? `index-${name}.png` : path.startsWith('mill-lane') ? `html-${name}.png` : undefined;
        if (shot) await page.screenshot({ path: join(SHOTS, shot), fullPage: false });
        await page.context().close();
      });
    }
  }

  it('keyboard focus is visible on links', async () => {
    for (const path of ['mill-lane-primary/social-networking.html', 'index.html']) {
      const page = await open(path, WIDTHS.desktop);
      await page.keyboard.press('Tab');
      const style = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const s = getComputedStyle(el);
        return { tag: el.tagName, outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow };
      });
      expect(style.tag).toMatch(/^(A|INPUT)$/);
      expect(style.outline).not.toBe('none');
      expect(style.width).toBeGreaterThanOrEqual(2);
      await page.context().close();
    }
  });

  it('is readable at 200% zoom without horizontal scrolling', async () => {
    for (const path of pages) {
      // 200% zoom of a 1280 px window lays the page out in 640 CSS px.
      const page = await open(path, 640);
      const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
      expect(scroll, path).toBeLessThanOrEqual(inner);
      await page.context().close();
    }
  });

  it('the index filters schools by name', async () => {
    const page = await open('index.html', WIDTHS.desktop);
    await page.fill('#filter', 'mill');
    const visible = await page.$$eval('section.school', (s) => s.filter((e) => !(e as HTMLElement).hidden).map((e) => (e as HTMLElement).dataset.name));
    expect(visible).toEqual(['Mill Lane Primary School']);
    // the three shipped schools and St Mary's
    expect(await page.textContent('#count')).toBe('1 of 3 schools shown');
    await page.context().close();
  });

  it('prints from Chromium as a clean A4 document: no navigation, numbers and signatures intact', async () => {
    const page = await open('mill-lane-primary/social-networking.html', WIDTHS.desktop);
    const pdf = join(tmpdir(), `policyc-printed-${process.pid}.pdf`);
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    await page.context().close();
    const info = run('pdfinfo', [pdf]);
    expect(info).toMatch(/Page size:\s+59\d\.\d+ x 84\d\.\d+ pts \(A4\)/);
    const text = normalise(run('pdftotext', ['-layout', pdf, '-']));
    expect(text).not.toContain('Contents');
    expect(text).not.toContain('Skip to the policy');
    for (const s of ['1. Introduction', '2.1 The policy applies', 'XVI. Staff members are strongly advised', '8.4 Records should', 'Head Teacher', 'Chair of Governors', 'Print name']) expect(text).toContain(s);
    // every line of the signature block on one page
    const pages = run('pdftotext', ['-layout', pdf, '-']).split('\f').filter((p) => p.trim());
    const last = normalise(pages[pages.length - 1]!);
    expect(last).toContain('Head Teacher');
    expect(last).toContain('Chair of Governors');
  });
});
