// One LASzip "layered chunked" chunk (compressor 3) of LAS 1.4 point format 7 records: the
// POINT14 and RGB14 item compressors, version 3, as the LASzip specification defines them
// (https://github.com/LASzip/LASzip, laswriteitemcompressed_v3). A chunk is the first record raw,
// the point count, every layer's byte size, then the layers. This writer codes the layers that
// carry x, y, z and colour; every other field (intensity, returns, classification, flags, scan
// angle, user data, point source, GPS time, scanner channel) must be the same in all records of a
// chunk, so that their layers are empty (size 0), which is how LASzip writes an unchanged field.
// Extra bytes after the record's 36 are the BYTE14 item, one layer a byte.
import { ArithmeticEncoder, SymbolModel } from './arithmeticEncoder';
import { IntegerCompressor } from './integerCompressor';

export const RECORD_BYTES = 36;
/** POINT14's nine layers: channel/returns/XY, Z, classification, flags, intensity, scan angle, user data, point source, GPS time */
const POINT14_LAYERS = 9;
/** bytes 12..29 of a format-7 record: the fields this writer needs constant within a chunk */
const CONSTANT_FROM = 12;
const CONSTANT_TO = 30;

/** LASzip's running median of the last five values, updated by insertion as LASzip does it. */
class Median5 {
  private readonly v = [0, 0, 0, 0, 0];
  private high = true;
  get(): number {
    return this.v[2];
  }
  add(x: number): void {
    const v = this.v;
    if (this.high) {
      if (x < v[2]) {
        v[4] = v[3];
        v[3] = v[2];
        if (x < v[0]) {
          v[2] = v[1];
          v[1] = v[0];
          v[0] = x;
        } else if (x < v[1]) {
          v[2] = v[1];
          v[1] = x;
        } else v[2] = x;
      } else {
        if (x < v[3]) {
          v[4] = v[3];
          v[3] = x;
        } else v[4] = x;
        this.high = false;
      }
    } else if (v[2] < x) {
      v[0] = v[1];
      v[1] = v[2];
      if (v[4] < x) {
        v[2] = v[3];
        v[3] = v[4];
        v[4] = x;
      } else if (v[3] < x) {
        v[2] = v[3];
        v[3] = x;
      } else v[2] = x;
    } else {
      if (v[1] < x) {
        v[0] = v[1];
        v[1] = x;
      } else v[0] = x;
      this.high = true;
    }
  }
}

const fold = (n: number) => (n < 0 ? n + 256 : n > 255 ? n - 256 : n);
const clamp = (n: number) => (n <= 0 ? 0 : n >= 255 ? 255 : n);

class Rgb14Layer {
  readonly enc = new ArithmeticEncoder();
  private readonly byteUsed = new SymbolModel(128);
  private readonly diff = Array.from({ length: 6 }, () => new SymbolModel(256));
  changed = false;

  write(last: number[], rgb: number[]): void {
    const lo = (v: number) => v & 0xff;
    const hi = (v: number) => v >>> 8;
    let sym = 0;
    for (let c = 0; c < 3; c++) {
      if (lo(last[c]) !== lo(rgb[c])) sym |= 1 << (2 * c);
      if (hi(last[c]) !== hi(rgb[c])) sym |= 1 << (2 * c + 1);
    }
    const grey = lo(rgb[0]) === lo(rgb[1]) && lo(rgb[0]) === lo(rgb[2]) && hi(rgb[0]) === hi(rgb[1]) && hi(rgb[0]) === hi(rgb[2]);
    if (!grey) sym |= 1 << 6;
    this.enc.encodeSymbol(this.byteUsed, sym);
    let diffLo = 0;
    let diffHi = 0;
    if (sym & 1) {
      diffLo = lo(rgb[0]) - lo(last[0]);
      this.enc.encodeSymbol(this.diff[0], fold(diffLo));
    }
    if (sym & 2) {
      diffHi = hi(rgb[0]) - hi(last[0]);
      this.enc.encodeSymbol(this.diff[1], fold(diffHi));
    }
    if (sym & (1 << 6)) {
      if (sym & 4) this.enc.encodeSymbol(this.diff[2], fold(lo(rgb[1]) - clamp(diffLo + lo(last[1]))));
      if (sym & 16) {
        const d = Math.trunc((diffLo + lo(rgb[1]) - lo(last[1])) / 2);
        this.enc.encodeSymbol(this.diff[4], fold(lo(rgb[2]) - clamp(d + lo(last[2]))));
      }
      if (sym & 8) this.enc.encodeSymbol(this.diff[3], fold(hi(rgb[1]) - clamp(diffHi + hi(last[1]))));
      if (sym & 32) {
        const d = Math.trunc((diffHi + hi(rgb[1]) - hi(last[1])) / 2);
        this.enc.encodeSymbol(this.diff[5], fold(hi(rgb[2]) - clamp(d + hi(last[2]))));
      }
    }
    if (sym) this.changed = true;
  }
}

/**
 * One extra byte of BYTE14 (version 3): each record's difference from the last, folded to a
 * byte, coded with an adaptive model of 256 symbols; a byte that never changes in the chunk
 * leaves its layer empty, as LASzip writes it.
 */
class Byte14Layer {
  readonly enc = new ArithmeticEncoder();
  private readonly model = new SymbolModel(256);
  changed = false;

  write(last: number, value: number): void {
    this.enc.encodeSymbol(this.model, fold(value - last));
    if (value !== last) this.changed = true;
  }
}

/** x, y and z of POINT14, for points of one return count and unchanging other fields. */
class Point14XyzLayers {
  readonly encXY = new ArithmeticEncoder();
  readonly encZ = new ArithmeticEncoder();
  private readonly changedValues = Array.from({ length: 8 }, () => new SymbolModel(128));
  private readonly icX = new IntegerCompressor(this.encXY, 32, 2);
  private readonly icY = new IntegerCompressor(this.encXY, 32, 22);
  private readonly icZ = new IntegerCompressor(this.encZ, 32, 20);
  private readonly medianX = new Median5();
  private readonly medianY = new Median5();
  private readonly lastXYZ: number[];
  /** last point's return context: first (1) + last (2) of its pulse; GPS time never changes here */
  private readonly lastReturn: number;
  private readonly single: number;

  constructor(first: number[], returnNumber: number, returns: number) {
    this.lastXYZ = first.slice();
    this.lastReturn = (returnNumber === 1 ? 1 : 0) + (returnNumber >= returns ? 2 : 0);
    this.single = returns === 1 ? 1 : 0;
  }

  write(xyz: number[]): void {
    // nothing but position changes: no channel, return, angle, source or time change bits
    this.encXY.encodeSymbol(this.changedValues[this.lastReturn], 0);
    const [lx, ly, lz] = this.lastXYZ;
    const dx = (xyz[0] - lx) | 0;
    this.icX.compress(this.medianX.get(), dx, this.single);
    this.medianX.add(dx);
    const kx = this.icX.k;
    const dy = (xyz[1] - ly) | 0;
    this.icY.compress(this.medianY.get(), dy, this.single + (kx < 20 ? kx & ~1 : 20));
    this.medianY.add(dy);
    const kz = (this.icX.k + this.icY.k) >> 1;
    this.icZ.compress(lz, xyz[2], this.single + (kz < 18 ? kz & ~1 : 18));
    this.lastXYZ[0] = xyz[0];
    this.lastXYZ[1] = xyz[1];
    this.lastXYZ[2] = xyz[2];
  }
}

/** Compresses `count` format-7 records of `recordBytes` each (36, and the extra bytes after them) into one chunk. */
export function compressChunk(records: Uint8Array, count: number, recordBytes = RECORD_BYTES): Uint8Array {
  if (count < 1 || records.length < count * recordBytes) throw new Error(`a chunk needs ${count} records of ${recordBytes} bytes`);
  const dv = new DataView(records.buffer, records.byteOffset, records.byteLength);
  for (let i = 1; i < count; i++) {
    for (let b = CONSTANT_FROM; b < CONSTANT_TO; b++) {
      if (records[i * recordBytes + b] !== records[b]) throw new Error(`record ${i} differs from the first in byte ${b}, which this writer keeps constant`);
    }
  }
  const xyz = (i: number) => [0, 4, 8].map((o) => dv.getInt32(i * recordBytes + o, true));
  const rgb = (i: number) => [30, 32, 34].map((o) => dv.getUint16(i * recordBytes + o, true));
  const returnByte = records[14];
  const point = new Point14XyzLayers(xyz(0), returnByte & 15, returnByte >>> 4);
  const colour = new Rgb14Layer();
  const extra = Array.from({ length: recordBytes - RECORD_BYTES }, () => new Byte14Layer());
  let lastRgb = rgb(0);
  for (let i = 1; i < count; i++) {
    point.write(xyz(i));
    const c = rgb(i);
    colour.write(lastRgb, c);
    lastRgb = c;
    extra.forEach((layer, b) => layer.write(records[(i - 1) * recordBytes + RECORD_BYTES + b], records[i * recordBytes + RECORD_BYTES + b]));
  }
  const layers = [point.encXY.done(), point.encZ.done()];
  const rgbLayer = colour.changed ? colour.enc.done() : new Uint8Array(0);
  const byteLayers = extra.map((layer) => (layer.changed ? layer.enc.done() : new Uint8Array(0)));
  const sizes = [...layers.map((l) => l.length), ...new Array(POINT14_LAYERS - 2).fill(0), rgbLayer.length, ...byteLayers.map((l) => l.length)];
  const total = recordBytes + 4 + 4 * sizes.length + sizes.reduce((a, b) => a + b, 0);
  const out = new Uint8Array(total);
  const odv = new DataView(out.buffer);
  out.set(records.subarray(0, recordBytes));
  let at = recordBytes;
  odv.setUint32(at, count, true);
  at += 4;
  for (const s of sizes) {
    odv.setUint32(at, s, true);
    at += 4;
  }
  for (const l of [...layers, rgbLayer, ...byteLayers]) {
    out.set(l, at);
    at += l.length;
  }
  return out;
}
