// Triangle indices of unknown final length (polygons triangulate to more than one triangle),
// grown by doubling so that no per-face JS array is built.
import { InputError } from '../types';
import { READ_BUDGET_BYTES, checkBudget } from './limits';
import { plural } from '../format';

const MAX_INDICES = READ_BUDGET_BYTES / 4;

export class IndexBuilder {
  private data: Uint32Array;
  length = 0;

  /** `capacity` is a hint from a header; past the budget the list grows only as faces really come. */
  constructor(capacity: number) {
    this.data = new Uint32Array(Math.max(3, Math.min(capacity, MAX_INDICES / 4)));
  }

  push(a: number, b: number, c: number): void {
    if (this.length + 3 > this.data.length) {
      checkBudget((this.length + 3) / 3, 12, 'triangles');
      const grown = new Uint32Array(Math.min(this.data.length * 2, MAX_INDICES));
      grown.set(this.data);
      this.data = grown;
    }
    const d = this.data;
    d[this.length] = a;
    d[this.length + 1] = b;
    d[this.length + 2] = c;
    this.length += 3;
  }

  private corners = 0;
  private first = 0;
  private prev = 0;

  /** Starts a polygon; its corners, given in order by `corner`, become a triangle fan. */
  beginFace(): void {
    this.corners = 0;
  }

  corner(v: number): void {
    if (this.corners === 0) this.first = v;
    else if (this.corners >= 2) this.push(this.first, this.prev, v);
    this.prev = v;
    this.corners++;
  }

  private strip = 0;

  /**
   * Starts a triangle strip list (PLY's `tristrips`): each corner after the first two closes a
   * triangle with the two before it, every other one turned so that all keep the strip's winding,
   * and -1 starts a new strip. Triangles with a repeated corner (a strip's way of turning) are left out.
   */
  beginStrips(): void {
    this.strip = 0;
  }

  stripCorner(v: number): void {
    if (v === -1) {
      this.strip = 0;
      return;
    }
    if (this.strip >= 2) {
      const [a, b] = this.strip % 2 === 0 ? [this.first, this.prev] : [this.prev, this.first];
      if (a !== b && a !== v && b !== v) this.push(a, b, v);
    }
    this.first = this.prev;
    this.prev = v;
    this.strip++;
  }

  finish(): Uint32Array {
    return this.data.length === this.length ? this.data : this.data.slice(0, this.length);
  }
}

/** `face` is 0-based, as the file orders its faces; `likelyCause` ends the message where the reader has a guess. */
export function checkIndex(index: number, vertexCount: number, face: number, likelyCause = ''): void {
  if (!(index >= 0 && index < vertexCount && Number.isInteger(index))) {
    throw new InputError(`face ${face + 1} refers to vertex ${index}, but there ${vertexCount === 1 ? 'is' : 'are'} only ${plural(vertexCount, 'vertex', 'vertices')} (0-based)${likelyCause}`);
  }
}
