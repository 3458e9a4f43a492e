// A NumPy (N, C) point array in C order as fixed-size records (one row each) for the streamed
// reader (recordStream), decoded as parseNpyCloud decodes the whole file: xyz to 32-bit floats,
// columns 3-5 as colours, the rest as `column_<k>` fields. Colours are kept as the file's values
// until the end, as only the largest of them all says whether they are 0..1, 0..255 or 16-bit.
import { InputError, type PointCloud } from '../types';
import { checkBudget } from './limits';
import { ofPoints } from './colorDepth';
import { cloudShape, isTransposedCloud, type NpyHeader } from './npy';
import { isWiderThanFloat32, npyColors, valueReader } from './npyTypes';
import { precisionWarnings } from './precision';
import { originNear, shiftNote, type Origin } from './shift';
import { firstValues, type RecordFile, type RecordSink } from './recordStream';

/** Whether an array's rows can be read as they come: a 2-D array in C order, a point a row (a Fortran-ordered or transposed one is read whole). */
export const isStreamableNpy = (h: NpyHeader) => h.shape.length === 2 && !h.fortran && !isTransposedCloud(h.shape);

/** The rows of a C-ordered (N, C) array; `fileBytes`, where known, refuses a shape that declares more than follows. */
export function npyRecords(h: NpyHeader, fileBytes?: number): RecordFile {
  if (!isStreamableNpy(h)) throw new Error('this NumPy array cannot be read as a stream');
  const [n, cols] = cloudShape(h.shape);
  const recordBytes = cols * h.size;
  if (fileBytes !== undefined && n * recordBytes > fileBytes - h.dataStart) {
    throw new InputError(`is truncated: its header declares shape (${n}, ${cols}), ${n * recordBytes} bytes, but only ${fileBytes - h.dataStart} bytes follow`);
  }
  const read = valueReader(h.dtype, !h.bigEndian);
  const rgb = cols >= 6;
  const extra = cols - (rgb ? 6 : 3);
  const bytesPerPoint = 12 + (rgb ? 24 + 3 : 0) + 4 * extra;
  // wide positions are kept relative to the first finite row's neighbourhood (shift.ts), decided when it is read
  const wide = isWiderThanFloat32(h.dtype);
  let origin: Origin | undefined;
  let decided = !wide;
  const sink = (capacity: number): RecordSink => {
    checkBudget(capacity, bytesPerPoint, 'points');
    const positions = new Float32Array(capacity * 3);
    const colors = rgb ? new Float64Array(capacity * 3) : undefined;
    const fields = Array.from({ length: extra }, () => new Float32Array(capacity));
    const columns = [{ array: positions, width: 3 }, ...(colors ? [{ array: colors, width: 3 }] : []), ...fields.map((array) => ({ array, width: 1 }))];
    const first = rgb ? 6 : 3;
    return {
      positions,
      read(dv, start, stride, rows, at) {
        if (!decided) {
          // a row left NaN or infinite, dropped later, decides no origin: the first whole one does
          for (let r = 0; r < rows && !decided; r++) {
            const p = [0, 1, 2].map((c) => read(dv, start + r * stride + c * h.size));
            if (!p.every(Number.isFinite)) continue;
            origin = originNear(p);
            decided = true;
          }
        }
        const [ox, oy, oz] = origin ?? [0, 0, 0];
        for (let r = 0, p = start, i = at; r < rows; r++, p += stride, i++) {
          positions[3 * i] = read(dv, p) - ox;
          positions[3 * i + 1] = read(dv, p + h.size) - oy;
          positions[3 * i + 2] = read(dv, p + 2 * h.size) - oz;
          if (colors) for (let c = 0; c < 3; c++) colors[3 * i + c] = read(dv, p + (3 + c) * h.size);
          for (let f = 0; f < extra; f++) fields[f][i] = read(dv, p + (first + f) * h.size);
        }
      },
      columns: () => columns,
      colorsOf: (points) => colors && npyColors(colors, ofPoints(points), points.length, h.dtype),
      finish(kept) {
        const notes: string[] = [];
        const cloud: PointCloud = {
          kind: 'points',
          positions: firstValues(positions, 3 * kept),
          colors: colors && npyColors(colors, (i) => i, kept, h.dtype, notes),
          fields: Object.fromEntries(fields.map((f, k) => [`column_${first + k}`, firstValues(f, kept)])),
        };
        // ScanNet and S3DIS, the sources of .npy scans, are z-up
        const warnings = [...notes, ...(wide ? precisionWarnings(cloud.positions) : [])];
        if (origin) warnings.push(shiftNote(origin, 'its first row'));
        return { data: cloud, upAxis: 'z', warnings, ...(origin && { origin }) };
      },
    };
  };
  return { bodyStart: h.dataStart, count: n, recordBytes, bytesPerPoint, noun: 'rows', sink, origin: () => origin, upAxis: 'z' };
}
