import { readFileSync } from 'node:fs';

const SEED = new URL('../fixtures/seed/social-networking-policy.txt', import.meta.url);

/** Collapses all whitespace (tabs, newlines, non-breaking spaces) to single spaces. */
export function normalise(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

/**
 * A text with every whitespace and hyphen removed: for PDF text, where line
 * breaks and hyphenation split words in places the seed does not.
 */
export function skeleton(text: string): string {
  return text.replace(/[\s\u00a0\u00ad\u2010\u2011-]+/g, '');
}

export interface SeedExpectations {
  /** Whole lines of prose: each must appear, in full, in the edition's text. */
  prose: string[];
  /**
   * Lines the seed lays out as a table, an address block or a signature line:
   * each cell must appear (a real table or signature block prints them apart).
   */
  cells: string[];
}

/** What "every sentence and contact detail of the seed" means, line by line. */
export function seedExpectations(): SeedExpectations {
  const prose: string[] = [];
  const cells: string[] = [];
  const lines = readFileSync(SEED, 'utf8').split('\n');
  const contactsAt = lines.findIndex((l) => l.includes('SCHOOLS HR CONTACT DETAILS'));
  lines.forEach((raw, i) => {
    const line = normalise(raw.replace(/·/g, ''));
    if (!line) return;
    if (i < contactsAt) {
      prose.push(line);
      return;
    }
    if (line === 'SCHOOLS HR CONTACT DETAILS') cells.push('Schools HR contact details');
    else if (line.startsWith('If you have any questions') || line === 'Signed and dated:') prose.push(line);
    else if (line === 'TELEPHONE EMAIL') cells.push('Telephone', 'Email');
    else if (/…/.test(line)) cells.push(line.replace(/[….]+$/, '').trim());
    else if (raw.includes('@')) cells.push(...raw.split(/\t|\s{2,}/).map(normalise).filter(Boolean));
    else cells.push(line);
  });
  return { prose, cells };
}

/** Lines and cells of the seed that `text` lacks; empty when the edition carries all of it. */
export function missingFromText(text: string, compare: (s: string) => string = normalise): string[] {
  const haystack = compare(text);
  const { prose, cells } = seedExpectations();
  const caseless = haystack.toLowerCase();
  return [
    ...prose.filter((p) => !haystack.includes(compare(p))),
    ...cells.filter((c) => !caseless.includes(compare(c).toLowerCase())),
  ];
}
