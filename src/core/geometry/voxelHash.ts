// Voxel keys (whole numbers below 2^53, e.g. a cell's x, y, z folded into one) to dense slots
// 0..size-1 in order of first insertion, by open addressing in typed arrays. Local shape and
// instance boxes look up each voxel's 26 neighbours; a Map keyed by numbers past the small-integer
// range boxes every key, and cost those steps most of their time (bench/segment.ts).

const EMPTY = -1;
const TWO_32 = 4294967296;

function hash(key: number, mask: number): number {
  const lo = key % TWO_32;
  const hi = (key - lo) / TWO_32;
  let h = Math.imul((lo | 0) ^ Math.imul(hi | 0, 0x27d4eb2d), 0x9e3779b1);
  h ^= h >>> 15;
  return h & mask;
}

export class VoxelHash {
  private keys: Float64Array;
  private slots: Int32Array;
  private mask: number;
  size = 0;

  /** `expected`: about how many distinct keys will come; the table grows past it */
  constructor(expected = 16) {
    let capacity = 16;
    while (capacity < 2 * expected) capacity *= 2;
    this.keys = new Float64Array(capacity);
    this.slots = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
  }

  /** The slot of `key`, or -1 where it was never added. */
  get(key: number): number {
    for (let i = hash(key, this.mask); ; i = (i + 1) & this.mask) {
      const s = this.slots[i];
      if (s === EMPTY || this.keys[i] === key) return s;
    }
  }

  /** The slot of `key`, given the next free one where it is new. */
  add(key: number): number {
    let i = hash(key, this.mask);
    for (; ; i = (i + 1) & this.mask) {
      const s = this.slots[i];
      if (s === EMPTY) break;
      if (this.keys[i] === key) return s;
    }
    this.keys[i] = key;
    this.slots[i] = this.size;
    if (++this.size * 2 > this.slots.length) this.grow();
    return this.size - 1;
  }

  private grow(): void {
    const { keys, slots } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.slots = new Int32Array(slots.length * 2).fill(EMPTY);
    this.mask = this.slots.length - 1;
    for (let j = 0; j < slots.length; j++) {
      if (slots[j] === EMPTY) continue;
      let i = hash(keys[j], this.mask);
      while (this.slots[i] !== EMPTY) i = (i + 1) & this.mask;
      this.keys[i] = keys[j];
      this.slots[i] = slots[j];
    }
  }
}
