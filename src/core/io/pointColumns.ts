// Rows of numbers, a point a row, turned into a cloud: which columns are the position, normals,
// colours and other fields. Shared by the readers whose files carry no types per column (point
// text, headerless binary records).
import type { PointCloud, ScalarArray } from '../types';
import { areColorFractions, eightBitColors } from './colorDepth';

/** How each column is used. */
export interface Columns {
  position: number[];
  normal?: number[];
  color?: number[];
  fields: Array<{ name: string; column: number }>;
}

function isColorTriple(values: ArrayLike<number>, rows: number, cols: number, c: number): boolean {
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < 3; k++) {
      const v = values[i * cols + c + k];
      if (!(v >= 0 && v <= 255 && Number.isInteger(v))) return false;
    }
  }
  return rows > 0;
}

/** A triple of 0..1 floats (Open3D's xyzrgb, numpy's savetxt of float colours), by colorDepth's rule. */
function isFractionTriple(values: ArrayLike<number>, rows: number, cols: number, c: number): boolean {
  return areColorFractions(values, rows * 3, (i) => Math.floor(i / 3) * cols + c + (i % 3));
}

function isUnitTriple(values: ArrayLike<number>, rows: number, cols: number, c: number): boolean {
  for (let i = 0; i < rows; i++) {
    const o = i * cols + c;
    const len2 = values[o] ** 2 + values[o + 1] ** 2 + values[o + 2] ** 2;
    // zero vectors are where a writer had no normal; anything else must be unit length
    if (len2 !== 0 && Math.abs(len2 - 1) > 0.02) return false;
  }
  return rows > 0;
}

/**
 * Leica PTS and Semantic3D write `x y z intensity r g b`. An intensity that is signed or wider than
 * a byte (Semantic3D's -2048..2047) cannot be taken for red; one that fits a byte reads as
 * `x y z r g b label` would, and only the file saying it is PTS (`ptsLayout`) tells them apart.
 */
function isIntensityThenColor(values: ArrayLike<number>, rows: number, cols: number, ptsLayout: boolean): boolean {
  return (
    cols === 7 &&
    isColorTriple(values, rows, cols, 4) &&
    !isUnitTriple(values, rows, cols, 3) &&
    (ptsLayout || !isColorTriple(values, rows, cols, 3))
  );
}

/**
 * Without a header: x y z first, then up to two triples that look like colours (integers 0..255,
 * or 0..1 floats that are not all whole) or normals (unit length) in either order, as in S3DIS's `x y z r g b` and ModelNet's
 * `x,y,z,nx,ny,nz`, or an intensity before the colours (isIntensityThenColor); the remaining
 * columns become fields named by their position.
 */
export function guessColumns(values: ArrayLike<number>, rows: number, cols: number, ptsLayout = false): Columns {
  if (isIntensityThenColor(values, rows, cols, ptsLayout)) {
    return { position: [0, 1, 2], color: [4, 5, 6], fields: [{ name: 'intensity', column: 3 }] };
  }
  const out: Columns = { position: [0, 1, 2], fields: [] };
  let c = 3;
  while (c + 3 <= cols) {
    if (!out.normal && isUnitTriple(values, rows, cols, c) && !isColorTriple(values, rows, cols, c)) out.normal = [c, c + 1, c + 2];
    else if (!out.color && (isColorTriple(values, rows, cols, c) || isFractionTriple(values, rows, cols, c))) out.color = [c, c + 1, c + 2];
    else break;
    c += 3;
  }
  for (; c < cols; c++) out.fields.push({ name: `column_${c}`, column: c });
  return out;
}

/** Whether column `c` holds only integers that fit 32 bits: such a field is kept as integers. */
function isIntegerColumn(values: ArrayLike<number>, rows: number, cols: number, c: number): boolean {
  let integer = true;
  for (let i = 0; i < rows && integer; i++) {
    const v = values[i * cols + c];
    integer = Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
  }
  return integer;
}

/** A field read as floats, as integers where it holds only integers (as cloudFromColumns keeps its fields). */
export function fieldOf(values: Float32Array): ScalarArray {
  return isIntegerColumn(values, values.length, 1, 0) ? Int32Array.from(values) : values;
}

function fieldArray(values: ArrayLike<number>, rows: number, cols: number, c: number): ScalarArray {
  const out = isIntegerColumn(values, rows, cols, c) ? new Int32Array(rows) : new Float32Array(rows);
  for (let i = 0; i < rows; i++) out[i] = values[i * cols + c];
  return out;
}

/**
 * The cloud that `rows` rows of `cols` values give under `layout`. `origin`: subtracted from every
 * position before it is rounded to a float (shift.ts); `notes`: gets what the colours' values left
 * unsaid (colorDepth).
 */
export function cloudFromColumns(values: ArrayLike<number>, rows: number, cols: number, layout: Columns, origin: readonly number[] = [0, 0, 0], notes?: string[]): PointCloud {
  const positions = new Float32Array(rows * 3);
  for (let i = 0; i < rows; i++) for (let k = 0; k < 3; k++) positions[i * 3 + k] = values[i * cols + layout.position[k]] - origin[k];
  const cloud: PointCloud = { kind: 'points', positions, fields: {} };
  if (layout.normal) {
    const n = new Float32Array(rows * 3);
    for (let i = 0; i < rows; i++) for (let k = 0; k < 3; k++) n[i * 3 + k] = values[i * cols + layout.normal[k]];
    cloud.normals = n;
  }
  const color = layout.color;
  if (color) cloud.colors = eightBitColors(values, rows * 3, (i) => Math.floor(i / 3) * cols + color[i % 3], 'unsaid', notes);
  for (const f of layout.fields) cloud.fields[f.name] = fieldArray(values, rows, cols, f.column);
  return cloud;
}
