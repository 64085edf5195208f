/*
 * remark-docx 0.3.29 collects a document's footnotes with an iterator helper,
 * `map.entries().reduce(…)`, which Node.js has from version 22. policyc runs on
 * Node.js 20 too (its `engines`), so there, and only where the language lacks it,
 * the one helper remark-docx calls is added to the iterator prototype, behaving
 * as ECMAScript 2025 defines Iterator.prototype.reduce. Nothing else is changed.
 */

/** Iterator.prototype.reduce: folds the values an iterator yields, closing it if the reducer throws. */
export function iteratorReduce<T, A>(this: Iterator<T>, reducer: (accumulator: A, value: T, counter: number) => A, ...initial: [A?]): A {
  if (typeof reducer !== 'function') throw new TypeError('Iterator.prototype.reduce needs a function');
  let accumulator: A | undefined = initial[0];
  let started = initial.length > 0;
  let counter = 0;
  for (let step = this.next(); !step.done; step = this.next(), counter++) {
    if (!started) {
      accumulator = step.value as unknown as A;
      started = true;
      continue;
    }
    try {
      accumulator = reducer(accumulator as A, step.value, counter);
    } catch (e) {
      this.return?.();
      throw e;
    }
  }
  if (!started) throw new TypeError('Reduce of empty iterator with no initial value');
  return accumulator as A;
}

const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as { reduce?: unknown };
if (typeof iteratorPrototype.reduce !== 'function') {
  Object.defineProperty(iteratorPrototype, 'reduce', { value: iteratorReduce, writable: true, configurable: true, enumerable: false });
}
