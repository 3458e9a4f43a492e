// Points that repeat another bit for bit (same float32 position, same colour) are one point to a
// segmenter: PointNet sees each point alone and pools with max, so a copy changes no output. A file
// of 7.3M copies of one point would otherwise cost as much network time as a 7.3M-point scan.
export interface DistinctPoints {
  /** one point per group, the first of it in file order; ascending */
  first: Int32Array;
  /** the points of group g are members[offsets[g] .. offsets[g + 1]), ascending */
  offsets: Int32Array;
  members: Int32Array;
}

function mix(h: number, v: number): number {
  return Math.imul(h ^ v, 0x9e3779b1) ^ (h >>> 15);
}

export function distinctPoints(positions: Float32Array, colors?: Uint8Array): DistinctPoints {
  const n = positions.length / 3;
  const bits = new Uint32Array(positions.buffer, positions.byteOffset, positions.length);
  const same = (a: number, b: number): boolean =>
    bits[3 * a] === bits[3 * b] &&
    bits[3 * a + 1] === bits[3 * b + 1] &&
    bits[3 * a + 2] === bits[3 * b + 2] &&
    (!colors || (colors[3 * a] === colors[3 * b] && colors[3 * a + 1] === colors[3 * b + 1] && colors[3 * a + 2] === colors[3 * b + 2]));
  // open addressing over a power-of-two table at most half full; a slot holds a group's first point + 1
  let size = 2;
  while (size < 2 * n) size *= 2;
  const table = new Int32Array(size);
  const group = new Int32Array(n);
  const firsts: number[] = [];
  for (let p = 0; p < n; p++) {
    let h = mix(mix(mix(0, bits[3 * p]), bits[3 * p + 1]), bits[3 * p + 2]);
    if (colors) h = mix(h, (colors[3 * p] << 16) | (colors[3 * p + 1] << 8) | colors[3 * p + 2]);
    let s = h & (size - 1);
    while (table[s] !== 0 && !same(table[s] - 1, p)) s = (s + 1) & (size - 1);
    if (table[s] === 0) {
      table[s] = p + 1;
      group[p] = firsts.length;
      firsts.push(p);
    } else group[p] = group[table[s] - 1];
  }
  const offsets = new Int32Array(firsts.length + 1);
  for (let p = 0; p < n; p++) offsets[group[p] + 1]++;
  for (let g = 0; g < firsts.length; g++) offsets[g + 1] += offsets[g];
  const cursor = offsets.slice(0, firsts.length);
  const members = new Int32Array(n);
  for (let p = 0; p < n; p++) members[cursor[group[p]]++] = p;
  return { first: Int32Array.from(firsts), offsets, members };
}
