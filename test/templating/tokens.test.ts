import { describe, expect, it } from 'vitest';
import { detokenize, tokenize, type Values } from '../../src/templating/tokens.ts';

describe('tokenize', () => {
  it('replaces every non-empty string by a token keyed by its path, and records the value', () => {
    const values: Values = new Map();
    const out = tokenize({ name: 'A & <B>', list: ['x', ''], n: 3, nested: { deep: 'y' } }, 'school', values);
    expect(out.list[1]).toBe('');
    expect(out.n).toBe(3);
    expect([...values]).toEqual([['school.name', 'A & <B>'], ['school.list.0', 'x'], ['school.nested.deep', 'y']]);
    expect(detokenize(`${out.name}|${out.list[0]}|${out.nested.deep}`, values)).toBe('A & <B>|x|y');
  });

  it('keeps a key named __proto__ as data, never as the prototype', () => {
    const values: Values = new Map();
    const data = JSON.parse('{"__proto__": {"polluted": "yes"}, "a": "b"}') as Record<string, unknown>;
    const out = tokenize(data, 'school', values) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
    expect(values.get('school.__proto__.polluted')).toBe('yes');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((out as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
