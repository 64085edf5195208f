/**
 * The school cascade: maps merge key by key, everything else (lists, strings)
 * in the school file replaces the LA default outright.
 */
export function cascade(defaults: unknown, own: unknown): unknown {
  if (isMap(defaults) && isMap(own)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(defaults)) define(out, key, defaults[key]);
    for (const key of Object.keys(own)) define(out, key, key in out ? cascade(out[key], own[key]) : own[key]);
    return out;
  }
  return own === undefined ? defaults : own;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `record` with `fn` applied to each value, built with own properties (safe for any key, `__proto__` included). */
export function mapOwn<T, U>(record: Record<string, T>, fn: (value: T) => U): Record<string, U> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) define(out, key, fn(record[key]!));
  return out as Record<string, U>;
}

/** Own-property assignment that cannot reach Object.prototype, whatever the key. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
