import type { Edition } from '../../document/types.ts';
import { lookKey } from './house-style.ts';
import { PerShape, type ShapeWriting } from './per-shape.ts';

/**
 * Per-shape rendering (./per-shape.ts) keyed also by what the tree does not hold: an
 * edition's house style (accent, logo) and embedded assets, which schools of the same
 * shape may not share (a trust's own style). One PerShape per look; `make` gives the
 * writing for a look's first edition, whose style and assets it may close over.
 */
export class StyledShapes<Rendered> {
  private readonly looks = new Map<string, PerShape<Rendered>>();
  private readonly make: (edition: Edition) => ShapeWriting<Rendered>;

  constructor(make: (edition: Edition) => ShapeWriting<Rendered>) {
    this.make = make;
  }

  /** The PerShape for this edition's look. */
  for(edition: Edition): PerShape<Rendered> {
    const key = lookKey(edition);
    let shapes = this.looks.get(key);
    if (!shapes) {
      if (this.looks.size >= 8) this.looks.clear();
      shapes = new PerShape(this.make(edition));
      this.looks.set(key, shapes);
    }
    return shapes;
  }
}
