// A small LAZ tile whose LASzip chunks each hold the points of one cell of the ground, as a
// survey's chunks, written in flight-line order, each hold points near each other.
import { writeLaz14 } from '../../scripts/laz/writeLaz14';

/** A 12 m x 12 m survey of 6,000 points, 2 m high, written as LASzip chunks of one 3 m x 3 m cell each (16 chunks), as a tile in flight-line order keeps its chunks near each other. */
export function cellTile() {
  const n = 6000;
  let seed = 7;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const positions = new Float64Array(n * 3);
  const colors = new Uint8Array(n * 3);
  const classes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const [x, y, z] = [random() * 12, random() * 12, random() * 2];
    positions.set([x, y, z], 3 * i);
    colors.set([(i * 3) % 256, (i * 5) % 256, (i * 11) % 256], 3 * i);
    classes[i] = Math.floor(x / 3) * 4 + Math.floor(y / 3);
  }
  return { positions, colors, classes, ...writeLaz14({ positions, colors, classes }) };
}
