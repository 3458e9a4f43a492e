// Triangle indices of unknown final length (polygons triangulate to more than one triangle),
// grown by doubling so that no per-face JS array is built.
import { InputError } from '../types';

export class IndexBuilder {
  private data: Uint32Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Uint32Array(Math.max(capacity, 3));
  }

  push(a: number, b: number, c: number): void {
    if (this.length + 3 > this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const d = this.data;
    d[this.length] = a;
    d[this.length + 1] = b;
    d[this.length + 2] = c;
    this.length += 3;
  }

  finish(): Uint32Array {
    return this.data.length === this.length ? this.data : this.data.slice(0, this.length);
  }
}

/** `face` is 0-based, as the file orders its faces. */
export function checkIndex(index: number, vertexCount: number, face: number): void {
  if (!(index >= 0 && index < vertexCount && Number.isInteger(index))) {
    throw new InputError(`face ${face + 1} refers to vertex ${index}, but there are only ${vertexCount} vertices (0-based)`);
  }
}
