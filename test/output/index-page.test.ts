import { describe, expect, it } from 'vitest';
import { indexPage } from '../../src/output/index-page.ts';
import type { ManifestEdition } from '../../src/output/manifest.ts';

function edition(school: string, name: string, title = 'Social Networking Policy'): ManifestEdition {
  return {
    id: `${school}/p`,
    school: { id: school, name },
    policy: { id: 'p', title, version: '1.0', approved: '2026-09-01', review: '2027-09-01' },
    inputHash: '0'.repeat(64),
    files: [
      { format: 'pdf', path: `${school}/p.pdf`, bytes: 1, sha256: '0'.repeat(64) },
      { format: 'html', path: `${school}/p.html`, bytes: 1, sha256: '0'.repeat(64) },
    ],
  };
}

describe('the index page', () => {
  const page = indexPage([edition('b-school', 'Birch School'), edition('a-school', 'Ash & <Oak> School')]);

  it('lists schools by name, each with its policies, review date and a link to each file labelled from the registry', () => {
    expect(page.indexOf('Ash &#x26; &#x3C;Oak> School')).toBeLessThan(page.indexOf('Birch School'));
    expect(page).toContain('<p class="summary">2 schools, 1 policy, 2 editions.</p>');
    expect(page).toContain('1 September 2027');
    expect(page).toContain('href="a-school/p.pdf">PDF<span class="visually-hidden"> (Social Networking Policy, Ash &#x26; &#x3C;Oak> School)</span>');
    expect(page).toContain('href="a-school/p.html">Web page');
  });

  it('labels each data cell with its column, for the stacked rows of a narrow screen (issue 16)', () => {
    expect(page).toContain('<td data-label="Version">1.0</td>');
    expect(page).toContain('<td data-label="Review by">1 September 2027</td>');
    expect(page).toContain('<td class="formats" data-label="Download">');
    expect(page).toMatch(/@media screen and \(max-width: 40rem\) \{[^}]*\.table-wrap tr[^}]*display: block/);
  });

  it('puts a name that could reorder the text around it in its own isolate, and leaves others as they are', () => {
    const rtl = indexPage([edition('r-school', '\u202Eabc School', 'מדיניות')]);
    expect(rtl).toContain('<h2 id="school-r-school"><bdi>\u202Eabc School</bdi></h2>');
    expect(rtl).toContain('<th scope="row"><bdi>מדיניות</bdi></th>');
    expect(rtl).toContain(' (\u2068מדיניות\u2069, \u2068\u202Eabc School\u2069)');
    expect(page).not.toContain('<bdi>');
  });
});
