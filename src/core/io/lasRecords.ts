// LAS point records, decoded one way whichever path they take: read from the file as a stream
// (recordStream), or as LASzip gives them back decompressed (las.ts). Positions are scaled integers
// plus offset, less the origin where they lie far from zero, rounded once to 32-bit floats; then
// intensity, classification, which return of its pulse a point is, of how many, the flight line or
// scan it came from (point source id), its GPS time where the format has one, its user data, scan
// angle (in degrees), scan direction, edge of flight line, classification flags, scanner channel and
// near infrared where a point's is not 0, and the dimensions an Extra Bytes record describes
// (lasExtraBytes): all a LAS written back needs to keep them. Colours are kept at 16 bits until the
// end, and after it too where 8 bits do not give them back (lasColors): the spec
// says 16 bits, many writers use 8, and only the largest value of the whole file tells which
// (colorDepth; deciding per 100,000 points, as loaders.gl did, brought a dark stretch of a 16-bit
// file out 256 times too bright).
import { formatCount } from '../format';
import { InputError, type PointCloud, type ScalarArray } from '../types';
import { colorScaleOf, eightBitColors, ofPoints } from './colorDepth';
import { extraArray, extraBytesPerPoint, readTyped, type ExtraDim } from './lasExtraBytes';
import { keepPoints } from './dropNonFinite';
import { LAS_COLOR_FIELDS, sixteenBitFields } from './lasColors';
import { LAS_CLASS_FIELD, LAS_FLAG_FIELDS } from './lasClasses';
import { countWarnings, declaresBox, pointsOutsideHeaderBox, recordLayout, USER_DATA_AT, type LasHeader } from './lasHeader';
import { precisionWarnings } from './precision';
import { originNear, shiftNote, type Origin } from './shift';
import type { LoadedGeometry } from './loader';
import { checkBudget } from './limits';
import { firstValues, type RecordFile, type RecordSink } from './recordStream';

/** Positions, 16-bit colours, intensity, classification, return number, number of returns, source id, user data, scan angle and the byte of PACKED_BITS while the file is read. */
const BYTES_PER_POINT = 12 + 6 + 2 + 1 + 2 + 2 + 1 + 2 + 1;

/** The fields of a bit or two that a point keeps in one byte while the file is read: the flags (bits 0-3), scan direction, edge of flight line, scanner channel. */
const PACKED_BITS = [
  ...LAS_FLAG_FIELDS.map((name, shift) => ({ name, shift, mask: 1 })),
  { name: 'scan_direction', shift: 4, mask: 1 },
  { name: 'edge_of_flight_line', shift: 5, mask: 1 },
  { name: 'scanner_channel', shift: 6, mask: 3 },
];

/** What decoding a header's records needs of it: its point format, grid and extra dimensions. */
export type LasRecordShape = Pick<LasHeader, 'pointFormat' | 'scale' | 'offset'> & { extra: Pick<LasHeader['extra'], 'dims'> };

/** The per-point arrays of `capacity` points of records of `shape`, positions less `origin`, and what decodes records into them: one decoding for LAS, LAZ and COPC's nodes. */
export function lasColumns(shape: LasRecordShape, origin: Origin | undefined, capacity: number) {
  const { colorAt, classAt, classBits, flagsAt, flagShift, flags, returnBits, sourceAt, gpsAt, scanBitsAt, scanAngleAt, scanAngleBytes, scanAngleStep, channel, nirAt } = recordLayout(shape.pointFormat);
  const { dims } = shape.extra;
  const flagMask = (1 << flags) - 1;
  const returnMask = (1 << returnBits) - 1;
  const [sx, sy, sz] = shape.scale;
  const [ox, oy, oz] = shape.offset.map((o, k) => o - (origin?.[k] ?? 0));
  const positions = new Float32Array(capacity * 3);
  const colors = colorAt === undefined ? undefined : new Uint16Array(capacity * 3);
  const intensity = new Uint16Array(capacity);
  const classification = new Uint8Array(capacity);
  const returnNumber = new Uint8Array(capacity);
  const returns = new Uint8Array(capacity);
  const source = new Uint16Array(capacity);
  const gps = gpsAt === undefined ? undefined : new Float64Array(capacity);
  // fields most writers leave at 0, made fields at the end only where a point's is not
  const userData = new Uint8Array(capacity);
  const scanSteps = new Int16Array(capacity);
  const bits = new Uint8Array(capacity);
  const nir = nirAt === undefined ? undefined : new Uint16Array(capacity);
  const extras = dims.map((d) => extraArray(d, capacity));
  // points that set each classification flag, of those read; points without a value of each extra dimension
  const flagged = new Array<number>(flags).fill(0);
  const missing = new Array<number>(dims.length).fill(0);
  const columns = [
    { array: positions, width: 3 },
    ...(colors ? [{ array: colors, width: 3 }] : []),
    { array: intensity, width: 1 },
    { array: classification, width: 1 },
    { array: returnNumber, width: 1 },
    { array: returns, width: 1 },
    { array: source, width: 1 },
    ...(gps ? [{ array: gps, width: 1 }] : []),
    ...[userData, scanSteps, bits, ...(nir ? [nir] : [])].map((array) => ({ array, width: 1 })),
    ...extras.map((array) => ({ array, width: 1 })),
  ];
  return {
    positions,
    colors,
    columns,
    flagged,
    missing,
    read(dv: DataView, start: number, stride: number, rows: number, at: number) {
      for (let r = 0, p = start, i = at; r < rows; r++, p += stride, i++) {
        positions[3 * i] = dv.getInt32(p, true) * sx + ox;
        positions[3 * i + 1] = dv.getInt32(p + 4, true) * sy + oy;
        positions[3 * i + 2] = dv.getInt32(p + 8, true) * sz + oz;
        intensity[i] = dv.getUint16(p + 12, true);
        classification[i] = dv.getUint8(p + classAt) & classBits;
        const pulse = dv.getUint8(p + 14);
        returnNumber[i] = pulse & returnMask;
        returns[i] = (pulse >> returnBits) & returnMask;
        const flagByte = dv.getUint8(p + flagsAt);
        const flagBits = (flagByte >> flagShift) & flagMask;
        if (flagBits) for (let b = 0; b < flags; b++) if (flagBits & (1 << b)) flagged[b]++;
        bits[i] = flagBits | ((dv.getUint8(p + scanBitsAt) >> 6) << 4) | (channel ? ((flagByte >> 4) & 3) << 6 : 0);
        scanSteps[i] = scanAngleBytes === 1 ? dv.getInt8(p + scanAngleAt) : dv.getInt16(p + scanAngleAt, true);
        userData[i] = dv.getUint8(p + USER_DATA_AT);
        if (nir) nir[i] = dv.getUint16(p + nirAt!, true);
        if (colors) for (let c = 0; c < 3; c++) colors[3 * i + c] = dv.getUint16(p + colorAt! + 2 * c, true);
        source[i] = dv.getUint16(p + sourceAt, true);
        if (gps) gps[i] = dv.getFloat64(p + gpsAt!, true);
        for (let d = 0; d < dims.length; d++) {
          const { at, type, scale, offset, noData } = dims[d];
          const v = readTyped(dv, p + at, type);
          if (v === noData) {
            extras[d][i] = NaN;
            missing[d]++;
          } else extras[d][i] = v * scale + offset;
        }
      }
    },
    /** The fields of the first `n` points: those from user data on where some point's is not 0, or, given `only`, those of them it names. */
    fields(n: number, only?: ReadonlySet<string>): Record<string, ScalarArray> {
      return {
        intensity: firstValues(intensity, n),
        [LAS_CLASS_FIELD]: firstValues(classification, n),
        return_number: firstValues(returnNumber, n),
        number_of_returns: firstValues(returns, n),
        point_source_id: firstValues(source, n),
        ...(gps && { gps_time: firstValues(gps, n) }),
        ...rareFields(firstValues(userData, n), firstValues(scanSteps, n), scanAngleStep, firstValues(bits, n), nir && firstValues(nir, n), only),
        ...Object.fromEntries(dims.map((d, k) => [d.name, firstValues(extras[k], n)])),
      };
    },
  };
}

/** The records of a LAS file whose header is `h`: the file's own where it is uncompressed, as LASzip gives them back where it is not. */
export function lasRecords(h: LasHeader): RecordFile {
  const { gpsAt, nirAt } = recordLayout(h.pointFormat);
  const { dims } = h.extra;
  const bytesPerPoint = BYTES_PER_POINT + (nirAt === undefined ? 0 : 2) + (gpsAt === undefined ? 0 : 8) + extraBytesPerPoint(dims);
  const origin = lasOrigin(h);
  const sink = (capacity: number): RecordSink => {
    checkBudget(capacity, bytesPerPoint, 'points');
    const points = lasColumns(h, origin, capacity);
    const { positions, colors } = points;
    return {
      positions,
      read: points.read,
      columns: () => points.columns,
      colorsOf(kept) {
        return colors && eightBitColors(colors, 3 * kept.length, ofPoints(kept), 'integers');
      },
      finish(n, fields) {
        const rgb = colors && firstValues(colors, 3 * n);
        const colorScale = rgb && colorScaleOf(rgb);
        // given `fields`, a region's colours keep 16 bits where the layer it refines does
        const sixteen = rgb && (fields ? fields.has(LAS_COLOR_FIELDS[0]) : !colorScale);
        const cloud: PointCloud = {
          kind: 'points',
          positions: firstValues(positions, 3 * n),
          colors: rgb && eightBitColors(rgb, rgb.length, (i) => i, 'integers'),
          fields: { ...points.fields(n, fields), ...(rgb && sixteen && sixteenBitFields(rgb)) },
        };
        const read = checkedAgainstHeader(cloud, h, origin, colorScale);
        return { ...read, warnings: [...(read.warnings ?? []), ...flagWarnings(points.flagged), ...h.extra.warnings, ...missingWarnings(dims, points.missing)] };
      },
    };
  };
  return { bodyStart: h.dataOffset, count: h.count, recordBytes: h.recordLength, bytesPerPoint, noun: 'points', trailerStart: h.trailerStart, sink, origin: () => origin, upAxis: 'z' };
}

const anyNonZero = (values: ScalarArray) => values.some((v) => v !== 0);

/**
 * User data, scan angle (in degrees, of `scanSteps` of `step`), the fields packed in `bits` and near
 * infrared, each where a point's is not 0; given `only` (the fields of the layer a region's read
 * refines), each it names, zeros too, and none it does not.
 */
function rareFields(userData: Uint8Array, scanSteps: Int16Array, step: number, bits: Uint8Array, nir: Uint16Array | undefined, only?: ReadonlySet<string>): Record<string, ScalarArray> {
  const out: Record<string, ScalarArray> = {};
  const kept = (name: string, values: ScalarArray) => (only ? only.has(name) : anyNonZero(values));
  if (kept('user_data', userData)) out.user_data = userData;
  if (kept('scan_angle', scanSteps)) out.scan_angle = Float32Array.from(scanSteps, (s) => s * step);
  if (only || anyNonZero(bits)) {
    for (const { name, shift, mask } of PACKED_BITS) {
      const values = bits.map((b) => (b >> shift) & mask);
      if (kept(name, values)) out[name] = values;
    }
  }
  if (nir && kept('nir', nir)) out.nir = nir;
  return out;
}

/** What the extra dimensions' no-data values left without a value. */
export function missingWarnings(dims: readonly ExtraDim[], missing: readonly number[]): string[] {
  return dims.flatMap((d, k) => (missing[k] ? [`${formatCount(missing[k])} points have no ${d.name} (its no-data value, ${d.noData}): they are drawn in the low end of its colour scale`] : []));
}

/** More points outside the header's box than a decoder makes up past a file's end: a box the writer did not update (a tile edited, cut or merged), and the points are kept. */
export const boxIsStale = (outside: number, n: number) => 2 * outside > n;

/** What `outside` of `n` points outside the header's box means: dropped as made up, or kept where the box is stale (boxIsStale). */
export function outsideBoxWarning(outside: number, n: number): string {
  return boxIsStale(outside, n)
    ? `${formatCount(outside)} of ${formatCount(n)} points lie outside the bounding box the header declares, too many to be points made up past the file's end: the box is taken for stale and every point is kept`
    : `${outside} of ${n} points lie outside the bounding box the header declares and were dropped: the file is corrupt or its header is wrong`;
}

const FLAG_NAMES = ['synthetic', 'key points', 'withheld (to be treated as deleted)', 'overlap'];

/** What the classification flags say: `counts` of points marked synthetic, key point, withheld and overlap, which are shown all the same. */
export function flagWarnings(counts: readonly number[]): string[] {
  const named = counts.flatMap((c, b) => (c ? [`${formatCount(c)} ${FLAG_NAMES[b]}`] : []));
  return named.length ? [`its classification flags mark ${named.join(', ')}; every point is shown, in its class`] : [];
}

/**
 * What a file's positions are kept relative to: the centre of the box its header declares, else
 * (a writer that left the box at zero) its offset, which writers mostly set near the points.
 */
function lasOrigin(h: LasHeader): Origin | undefined {
  return declaresBox(h) ? originNear([0, 1, 2].map((k) => (h.min[k] + h.max[k]) / 2)) : originNear(h.offset);
}

/** The header's warnings, and the points outside its box dropped (see pointsOutsideHeaderBox); `origin`: what the positions are relative to; `colorScale`: see LasGrid. */
function checkedAgainstHeader(cloud: PointCloud, h: LasHeader, origin: Origin | undefined, colorScale: number | undefined): LoadedGeometry {
  const n = cloud.positions.length / 3;
  const warnings = [...countWarnings(h), ...h.units.warnings, ...precisionWarnings(cloud.positions, h.units.unit)];
  if (origin) warnings.push(shiftNote(origin, declaresBox(h) ? 'the middle of the box its header declares' : "its header's offset"));
  const outside = pointsOutsideHeaderBox(cloud.positions, h, origin);
  let data: PointCloud = cloud;
  if (outside) {
    const dropped = outside.reduce((s, o) => s + o, 0);
    if (dropped === n) throw new InputError(`has all its ${n} points outside the bounding box its header declares: the file is corrupt or its header's scale, offset or bounds are wrong`);
    if (!boxIsStale(dropped, n)) data = keepPoints(cloud, outside.map((o) => 1 - o), n - dropped) as PointCloud;
    warnings.push(outsideBoxWarning(dropped, n));
  }
  // LiDAR is z-up by definition (z is elevation)
  return { data, upAxis: 'z', warnings, ...(h.units.unit && { unit: h.units.unit }), ...(h.units.crs && { crs: h.units.crs }), ...(h.units.crsWkt && { crsWkt: h.units.crsWkt }), ...(origin && { origin }), ...(declaresBox(h) && { declaredBox: { min: [h.min[0], h.min[1], h.min[2]], max: [h.max[0], h.max[1], h.max[2]] } }), lasGrid: { scale: [h.scale[0], h.scale[1], h.scale[2]], offset: [h.offset[0], h.offset[1], h.offset[2]], pointFormat: h.pointFormat, ...(colorScale && { colorScale }) } };
}
