import { describe, expect, it } from 'vitest';
import { CONTEXT_SHAPE, editionContext, rolesContext } from '../../src/templating/context.ts';
import { parsePolicy } from '../../src/sources/read-policy.ts';
import { detokenize } from '../../src/templating/tokens.ts';
import type { School } from '../../src/schools/school.ts';

const FRONT = '---\ntitle: T\nversion: "1.0"\nowner: HR\napproved: 2026-01-01\nreview: 2027-01-01\napplies-to: All\n---\n';
const school: School = {
  id: 's', file: 'schools/s.yaml', name: 'S', governingBody: 'Board of Trustees', headTitle: 'Principal', la: {},
  hr: { address: [], contacts: [] }, legislation: {}, guidance: [], usefulContacts: [], signatories: [{ role: 'Principal' }],
  roles: { head: { name: 'Principal' }, chair: { name: 'Chair of Trustees', plural: 'Chairs of Trustees' } },
  trust: { id: 'oak', name: 'Oak Trust' },
  style: { accent: '#1d4f91', font: 'Liberation Sans' },
};

describe('rolesContext', () => {
  it('gives each role its name, and under `plural` the plurals of the roles that have one', () => {
    expect(rolesContext(school.roles)).toEqual({ head: 'Principal', chair: 'Chair of Trustees', plural: { chair: 'Chairs of Trustees' } });
  });
});

describe('editionContext', () => {
  it('gives templates the roles, the trust\'s name and no field that has no value', () => {
    const { context, values } = editionContext(parsePolicy(`${FRONT}x`, 'policies/p.md', 'p').policy!, school);
    const s = context.school as unknown as Record<string, unknown>;
    expect(detokenize(String((s.roles as Record<string, unknown>).head), values)).toBe('Principal');
    expect(detokenize(String((s.trust as Record<string, unknown>).name), values)).toBe('Oak Trust');
    expect('headTitlePlural' in s).toBe(false);
    expect('style' in s).toBe(false);
    expect((s.trust as object)).not.toHaveProperty('id');
  });

  it('has a shape that names roles, their plurals and the trust', () => {
    const shape = (CONTEXT_SHAPE as Record<string, Record<string, unknown>>).school!;
    expect(shape.trust).toEqual({ name: '' });
    expect(Object.keys(shape.roles as object)).toEqual(['plural']);
  });
});
