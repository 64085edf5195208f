import { describe, expect, it } from 'vitest';
import { ConfigPlaces, valueSource } from '../../src/document/value-source.ts';
import type { PolicySource } from '../../src/sources/read-policy.ts';
import { school } from '../writers/build.ts';

const policy = { id: 't', file: 'policies/t.md' } as PolicySource;
const bad = school({ id: 'bad', file: 'schools/bad.yaml' });

describe('where a value comes from', () => {
  it('is a key of the school’s config, named as the config names it', () => {
    expect(valueSource('school.hr.contacts.1.email', bad, policy)).toEqual({ file: 'schools/bad.yaml', keys: [['hr', 'contacts', 1, 'email']], school: bad, shown: '`hr.contacts.1.email` of school `bad`' });
    expect(valueSource('school.headTitlePlural', bad, policy).keys).toEqual([['headTitlePlural'], ['headTitle']]);
    expect(valueSource('school.legislation.publication.2.parts.0.text', bad, policy)).toMatchObject({ keys: [['legislation', 'publication', 2, 'text'], ['legislation', 'publication', 2]], shown: '`legislation.publication.2` of school `bad`' });
    expect(valueSource('school.id', bad, policy)).toMatchObject({ keys: [], shown: 'the id of school `bad` (its file name)' });
  });

  it('is the policy’s front matter, or the school’s related policies when it sets them', () => {
    expect(valueSource('policy.appliesTo', bad, policy)).toEqual({ file: 'policies/t.md', keys: [], shown: 'the front matter\'s `applies-to`' });
    expect(valueSource('policy.relatedPolicies.0', school({ id: 'bad', file: 'schools/bad.yaml', relatedPolicies: ['x'] }), policy)).toMatchObject({ file: 'schools/bad.yaml', keys: [['relatedPolicies', 0]] });
  });

  it('is found in the school’s own file, else in the LA defaults, else at the top of the school’s file', () => {
    const places = new ConfigPlaces(new Map([
      ['schools/bad.yaml', 'name: Bad\nhr:\n  contacts:\n    - name: A\n      role: B\n    - name: C\n      role: D\n      email: c@example.org\n'],
      ['schools/_defaults.yaml', 'la:\n  name: Somewhere\n'],
    ]));
    expect(places.locate(valueSource('school.hr.contacts.1.email', bad, policy))).toEqual({ file: 'schools/bad.yaml', line: 8, column: 14 });
    expect(places.locate(valueSource('school.la.name', bad, policy))).toEqual({ file: 'schools/_defaults.yaml', line: 2, column: 9 });
    expect(places.locate(valueSource('school.governingBody', bad, policy))).toEqual({ file: 'schools/bad.yaml', line: 1, column: 1 });
    expect(new ConfigPlaces(undefined).locate(valueSource('school.la.name', bad, policy))).toEqual({ file: 'schools/bad.yaml', line: 1, column: 1 });
  });

  it('is found in the trust\'s file for a school in a trust, between its own file and the LA defaults', () => {
    const academy = school({ id: 'academy', file: 'schools/academy.yaml', trust: { id: 'oak-trust', name: 'Oak Trust' } });
    const places = new ConfigPlaces(new Map([
      ['schools/academy.yaml', 'name: Academy\ntrust: oak-trust\n'],
      ['schools/_trusts/oak-trust.yaml', 'name: Oak Trust\nla:\n  name: The Trust\n'],
      ['schools/_defaults.yaml', 'la:\n  name: Somewhere\nhr:\n  name: HR\n'],
    ]));
    expect(places.locate(valueSource('school.la.name', academy, policy))).toEqual({ file: 'schools/_trusts/oak-trust.yaml', line: 3, column: 9 });
    expect(places.locate(valueSource('school.hr.name', academy, policy))).toEqual({ file: 'schools/_defaults.yaml', line: 4, column: 9 });
  });
});
