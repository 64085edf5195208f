/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../helpers/browser.ts';
import { run } from '../helpers/clients.ts';
import { cli, REPO, scratchProject } from '../helpers/project.ts';

/**
 * The HTML editions and the index on every screen and printer they will meet (issue 16),
 * measured in Debian's Chromium: at 320, 375 and 1280 px no word in a table is broken
 * across lines and no table is wider than the screen; every link of the index is on
 * screen and reached by Tab; clause numbers and headings hang, bullets are solid, the
 * contents has no bare clause numbers; printed from the browser an edition is within a
 * page of the PDF, has no near-empty page, keeps the address whole and numbers its pages.
 */
const available = hasChromium();
const WIDTHS = [320, 375, 1280];
const EDITIONS = ['mill-lane-primary/social-networking', 'ysgol-ty-dwr/whistleblowing', 'riverside-infant/staff-code-of-conduct'];
// UPDATE_SCREENSHOTS=1 writes the README's pictures; otherwise they go to a temporary folder.
const SHOTS = process.env.UPDATE_SCREENSHOTS ? join(REPO, '.github/readme') : join(tmpdir(), 'policyc-screenshots');

let browser: Browser;
let dist: string;

beforeAll(async () => {
  if (!available) return;
  const dir = scratchProject({ library: true });
  const built = await cli(dir, 'build', '--quiet');
  expect(built.code, built.stderr).toBe(0);
  dist = join(dir, 'dist');
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

async function open(path: string, width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await page.goto(`file://${join(dist, path)}`);
  return page;
}

/** Every word of every table cell whose text runs over more than one line box, and every table wider than the window. */
function tableFaults(page: Page) {
  return page.evaluate(() => {
    const broken: string[] = [];
    const wide: string[] = [];
    const width = document.documentElement.clientWidth;
    for (const table of document.querySelectorAll('main table')) {
      const box = table.getBoundingClientRect();
      if (box.left < 0 || box.right > width + 0.5) wide.push(`${table.querySelector('caption, th')?.textContent} (${Math.round(box.left)}–${Math.round(box.right)} of ${width})`);
      const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        // A word, or each part of a hyphenated one (a line may end after a hyphen, as in print).
        for (const match of node.data.matchAll(/[^\s\-\u2010\u2013]+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          // One rect per line box the word lies on; an unbroken word has exactly one.
          const rects = [...range.getClientRects()].filter((r) => r.width > 0);
          if (rects.length !== 1) broken.push(`${match[0]} (${rects.length} pieces)`);
        }
      }
    }
    return { broken, wide, scroll: document.documentElement.scrollWidth, inner: window.innerWidth };
  });
}

// Every shipped policy; 641 px is the narrowest window that shows tables as tables.
const TABLE_EDITIONS = [...EDITIONS, 'mill-lane-primary/acceptable-use-of-ict', 'ysgol-ty-dwr/lone-working'];

describe.skipIf(!available)('tables on a phone and a desktop', () => {
  for (const edition of TABLE_EDITIONS) {
    for (const width of [...WIDTHS, 641]) {
      it(`${edition} at ${width} px: no word in a table breaks, no table is wider than the screen`, async () => {
        const page = await open(`${edition}.html`, width);
        const faults = await tableFaults(page);
        expect(faults.broken).toEqual([]);
        expect(faults.wide).toEqual([]);
        expect(faults.scroll).toBeLessThanOrEqual(faults.inner);
        await page.context().close();
      });
    }
  }

  it('labels each stacked cell with its column on a phone, and keeps the real table on a desktop', async () => {
    const phone = await open('mill-lane-primary/social-networking.html', 375);
    const label = await phone.evaluate(() => {
      const cell = [...document.querySelectorAll('main td')].find((td) => td.textContent === '528271')!;
      return { before: getComputedStyle(cell, '::before').content, display: getComputedStyle(cell).display };
    });
    expect(label).toEqual({ before: '"Telephone (01642)"', display: 'block' });
    await phone.context().close();
    const desktop = await open('mill-lane-primary/social-networking.html', 1280);
    expect(await desktop.evaluate(() => getComputedStyle(document.querySelector('main td')!).display)).toBe('table-cell');
    await desktop.context().close();
  });
});

describe.skipIf(!available)('the index on a phone (WCAG 1.4.10 reflow)', () => {
  for (const width of [320, 375]) {
    it(`at ${width} px every link of every row is on screen and reached by Tab`, async () => {
      const page = await open('index.html', width);
      const links = await page.$$eval('td.formats a', (as) => as.map((a) => ({ href: (a as HTMLAnchorElement).href, ...JSON.parse(JSON.stringify(a.getBoundingClientRect())) })));
      const inner = await page.evaluate(() => document.documentElement.clientWidth);
      // three schools, five policies, three formats each
      expect(links.length).toBe(45);
      const off = links.filter((l) => l.left < 0 || l.right > inner || l.width === 0);
      expect(off).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(inner);
      // Tab through the page: every download link gets the focus, in turn.
      const reached = new Set<string>();
      for (let i = 0; i < links.length + 10; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => (document.activeElement as HTMLAnchorElement | null)?.href ?? '');
        if (focused) reached.add(focused);
      }
      expect(links.filter((l) => !reached.has(l.href))).toEqual([]);
      if (width === 375) await page.screenshot({ path: join(SHOTS, 'index-375.png') });
      await page.context().close();
    });
  }
});

/** Left edges of the first character of a text's first line and of its second line, measured with Ranges. */
function hangs(page: Page, selector: string) {
  return page.$$eval(selector, (elements) =>
    elements.map((el) => {
      const marker = el.querySelector('.marker');
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const chars: DOMRect[] = [];
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        if (marker?.contains(node)) continue;
        // Only the clause's own text, not a list nested in it.
        if (node.parentElement?.closest(el.tagName === 'LI' ? 'li' : 'h2, h3') !== el) continue;
        for (let i = 0; i < node.data.length; i++) {
          if (/\s/.test(node.data[i]!)) continue;
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getBoundingClientRect();
          if (rect.width > 0) chars.push(rect);
        }
      }
      const first = chars[0];
      const second = first ? chars.find((r) => r.top > first.bottom - 2) : undefined;
      return { id: el.id || el.textContent!.slice(0, 20), first: first?.left, second: second?.left, marker: marker?.getBoundingClientRect().right };
    }),
  );
}

describe.skipIf(!available)('clause numbers, headings, bullets and the contents', () => {
  for (const width of [320, 375, 1280]) {
    it(`at ${width} px a clause's first line starts at the hanging indent, as its next lines do`, async () => {
      for (const edition of ['mill-lane-primary/social-networking', 'ysgol-ty-dwr/whistleblowing']) {
        const page = await open(`${edition}.html`, width);
        const clauses = (await hangs(page, 'main ol.numbered > li')).filter((c) => c.second !== undefined);
        expect(clauses.length).toBeGreaterThan(10);
        const off = clauses.filter((c) => Math.abs(c.first! - c.second!) > 1);
        expect(off).toEqual([]);
        // and the number, in the indent, never runs into the text
        expect(clauses.filter((c) => c.marker === undefined || c.marker > c.first! - 4)).toEqual([]);
        await page.context().close();
      }
    });
  }

  it('at 320 and 375 px a heading that wraps lines up under its text, not under its number', async () => {
    for (const width of [320, 375]) {
      const page = await open('ysgol-ty-dwr/whistleblowing.html', width);
      const all = await hangs(page, 'main h2:has(> .marker), main h3:has(> .marker)');
      expect(all.filter((c) => c.marker === undefined || c.marker > c.first! - 4), 'a number running into its title').toEqual([]);
      const headings = all.filter((c) => c.second !== undefined);
      expect(headings.length).toBeGreaterThan(0);
      expect(headings.filter((c) => Math.abs(c.first! - c.second!) > 1)).toEqual([]);
      await page.context().close();
    }
  });

  it('draws every bullet as a solid disc, inside a clause as outside it', async () => {
    for (const edition of EDITIONS) {
      const page = await open(`${edition}.html`, 1280);
      const styles = await page.$$eval('main ul > li', (lis) => [...new Set(lis.map((li) => getComputedStyle(li).listStyleType))]);
      expect(styles, edition).toEqual(['disc']);
      await page.context().close();
    }
  });

  it('lists sections by title in the contents, never a bare clause number', async () => {
    for (const edition of EDITIONS) {
      const page = await open(`${edition}.html`, 1280);
      const links = await page.$$eval('nav a', (as) => as.map((a) => a.textContent!.trim()));
      expect(links.length).toBeGreaterThan(5);
      expect(links.filter((t) => /^[\dIVXLC.]+$/.test(t))).toEqual([]);
      await page.context().close();
    }
  });
});

const pdfPages = (file: string) => Number(/^Pages:\s+(\d+)$/m.exec(run('pdfinfo', [file]))![1]);

describe.skipIf(!available)('printed from the browser', () => {
  for (const edition of EDITIONS) {
    it(`${edition}: within a page of the PDF, no near-empty page, the address whole, "Page X of Y" on every page`, async () => {
      const page = await open(`${edition}.html`, 1280);
      const printed = join(tmpdir(), `policyc-print-${process.pid}-${edition.replace('/', '-')}.pdf`);
      await page.pdf({ path: printed, format: 'A4', printBackground: true });
      // A long clause (6.1 with its sixteen sub-items) may break across pages.
      const clause = await page.evaluate(() => document.getElementById('clause-6-1') && getComputedStyle(document.getElementById('clause-6-1')!).breakInside);
      if (clause !== null) expect(clause).toBe('auto');
      // The HR address, line by line, as the page shows it.
      const address = await page.evaluate(() => (document.querySelector('#heading-address + p') as HTMLElement).innerText.split('\n').map((l) => l.trim()).filter(Boolean));
      expect(address.length).toBeGreaterThanOrEqual(4);
      await page.context().close();
      const count = pdfPages(printed);
      expect(Math.abs(count - pdfPages(join(dist, `${edition}.pdf`))), `printed ${count} pages`).toBeLessThanOrEqual(1);
      const pages = run('pdftotext', ['-layout', printed, '-']).split('\f').slice(0, count);
      const lines = pages.map((p) => p.split('\n').filter((l) => l.trim()).length);
      // Every page but the last (the signatures start a page of their own) at least half as full as the fullest.
      const fullest = Math.max(...lines);
      expect(lines.slice(0, -1).filter((n) => n < fullest / 2), `lines per page ${lines.join(' ')}`).toEqual([]);
      pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${count}`));
      // Every line of the address on the page that has its last line (the postcode).
      const postcode = pages.filter((p) => p.includes(address.at(-1)!));
      expect(postcode).toHaveLength(1);
      for (const line of address) expect(postcode[0]).toContain(line);
      if (edition.startsWith('mill-lane') && process.env.UPDATE_SCREENSHOTS) {
        run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', printed, join(SHOTS, 'html-print-page-1')]);
      }
    });
  }
});

describe.skipIf(!available)('the README pictures', () => {
  it.runIf(process.env.UPDATE_SCREENSHOTS)('an edition at 375 px: the contacts table, stacked', async () => {
    const page = await open('mill-lane-primary/social-networking.html', 375);
    await page.locator('#section-schools-hr-contact-details').evaluate((e) => e.scrollIntoView());
    await page.screenshot({ path: join(SHOTS, 'html-375.png') });
    await page.context().close();
  });
});
