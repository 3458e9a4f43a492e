// One LASzip "layered chunked" chunk (compressor 3) of LAS 1.4 points of format 6, 7 or 8 with
// extra bytes: the POINT14, RGB14 (RGBNIR14 with near infrared) and BYTE14 item compressors,
// version 3, as the LASzip specification defines them (https://github.com/LASzip/LASzip,
// laswriteitemcompressed_v3 and _v4, whose RGBNIR14 codes the same). A chunk is the first
// record raw, the point count, every layer's byte size, then the layers; a layer whose field never
// changed within the chunk is left out (size 0), as LASzip leaves it. The records must all be of
// scanner channel 0 (what writeLas writes): one context, where LASzip keeps one a channel.
import { ArithmeticEncoder, SymbolModel } from './arithmeticEncoder';
import { IntegerCompressor } from './integerCompressor';

/** What a record holds past the 30 bytes of format 6: colour (format 7), colour and near infrared (format 8), and how many extra bytes. */
export interface PointLayout {
  rgb: boolean;
  nir: boolean;
  extraBytes: number;
}

export const POINT14_BYTES = 30;
export const RGB14_BYTES = 6;
const NIR14_BYTES = 2;
/** the bytes of the colour item: RGB14's, or RGBNIR14's with near infrared */
export const colorItemBytes = (layout: Pick<PointLayout, 'rgb' | 'nir'>) => (layout.nir ? RGB14_BYTES + NIR14_BYTES : layout.rgb ? RGB14_BYTES : 0);
export const recordBytes = (layout: PointLayout) => POINT14_BYTES + colorItemBytes(layout) + layout.extraBytes;

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

/** LASzip's context of a point's position in its pulse, by number of returns (row) and return number (column): 6 contexts. */
const RETURN_MAP_6: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 3, 4, 4, 5, 5, 5, 5, 5, 5, 5],
  [1, 0, 1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3],
  [2, 1, 2, 4, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3],
  [3, 3, 4, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4],
  [4, 3, 4, 4, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4],
  [5, 3, 4, 4, 4, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4],
  [3, 3, 4, 4, 4, 4, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4],
  [4, 3, 4, 4, 4, 4, 4, 5, 4, 4, 4, 4, 4, 4, 4, 4],
  [4, 3, 4, 4, 4, 4, 4, 4, 5, 4, 4, 4, 4, 4, 4, 4],
  [5, 3, 4, 4, 4, 4, 4, 4, 4, 5, 4, 4, 4, 4, 4, 4],
  [5, 3, 4, 4, 4, 4, 4, 4, 4, 4, 5, 4, 4, 4, 4, 4],
  [5, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 4, 4, 4],
  [5, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 4, 4],
  [5, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 4],
  [5, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5],
  [5, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5],
];
/** LASzip's penetration level of a return (8 contexts): how many returns from the last, at most 7. */
const returnLevel = (n: number, r: number) => Math.min(7, Math.abs(n - r));

/** GPS time multiplier symbols: LASzip's 500 up, 10 down, and the full 64-bit code after them. */
const GPS_MULTI_CODE_FULL = 511;
const GPS_MULTI_SYMBOLS = 515;

const fold = (n: number) => (n < 0 ? n + 256 : n > 255 ? n - 256 : n);
const clamp = (n: number) => (n <= 0 ? 0 : n >= 255 ? 255 : n);

/** A model made on first use, as LASzip makes the ones a context may never need. */
function lazyModels(symbols: number): (k: number) => SymbolModel {
  const made = new Map<number, SymbolModel>();
  return (k) => {
    let m = made.get(k);
    if (!m) made.set(k, (m = new SymbolModel(symbols)));
    return m;
  };
}

interface Point14 {
  x: number;
  y: number;
  z: number;
  intensity: number;
  r: number;
  n: number;
  cls: number;
  /** edge of flight line (5), scan direction (4), classification flags (0-3), as LASzip groups them */
  flags: number;
  userData: number;
  scanAngle: number;
  source: number;
  gps: number;
  gpsChange: boolean;
}

function readPoint14(dv: DataView, at: number): Point14 {
  const bits = dv.getUint8(at + 15);
  if (bits & 0x30) throw new Error(`a point of scanner channel ${(bits >> 4) & 3}: this LAZ writer codes channel 0 only`);
  const returns = dv.getUint8(at + 14);
  return {
    x: dv.getInt32(at, true),
    y: dv.getInt32(at + 4, true),
    z: dv.getInt32(at + 8, true),
    intensity: dv.getUint16(at + 12, true),
    r: returns & 15,
    n: returns >> 4,
    cls: dv.getUint8(at + 16),
    flags: ((bits >> 7) << 5) | (((bits >> 6) & 1) << 4) | (bits & 15),
    userData: dv.getUint8(at + 17),
    scanAngle: dv.getInt16(at + 18, true),
    source: dv.getUint16(at + 20, true),
    gps: dv.getFloat64(at + 22, true),
    gpsChange: false,
  };
}

const fitsInt32 = (v: bigint) => v >= -(2n ** 31n) && v < 2n ** 31n;
const high32 = (v: bigint) => Number(BigInt.asIntN(32, v >> 32n));

/** A GPS time's 64 bits, which LASzip codes as an integer: read only where it changed, as few points' times do in some clouds. */
const gpsBits = (dv: DataView, at: number) => dv.getBigInt64(at + 22, true);

/** POINT14's nine layers: channel/returns/XY, Z, classification, flags, intensity, scan angle, user data, point source, GPS time. */
class Point14Layers {
  private readonly encXY = new ArithmeticEncoder();
  private readonly encZ = new ArithmeticEncoder();
  private readonly encClass = new ArithmeticEncoder();
  private readonly encFlags = new ArithmeticEncoder();
  private readonly encIntensity = new ArithmeticEncoder();
  private readonly encAngle = new ArithmeticEncoder();
  private readonly encUser = new ArithmeticEncoder();
  private readonly encSource = new ArithmeticEncoder();
  private readonly encGps = new ArithmeticEncoder();
  private readonly changed = { cls: false, flags: false, intensity: false, angle: false, user: false, source: false, gps: false };

  private readonly changedValues = Array.from({ length: 8 }, () => new SymbolModel(128));
  private readonly numberOfReturns = lazyModels(16);
  private readonly returnNumber = lazyModels(16);
  private readonly returnNumberGpsSame = new SymbolModel(13);
  private readonly icX = new IntegerCompressor(this.encXY, 32, 2);
  private readonly icY = new IntegerCompressor(this.encXY, 32, 22);
  private readonly icZ = new IntegerCompressor(this.encZ, 32, 20);
  private readonly classification = lazyModels(256);
  private readonly flagModels = lazyModels(64);
  private readonly userData = lazyModels(256);
  private readonly icIntensity = new IntegerCompressor(this.encIntensity, 16, 4);
  private readonly icAngle = new IntegerCompressor(this.encAngle, 16, 2);
  private readonly icSource = new IntegerCompressor(this.encSource, 16, 1);
  private readonly gpsMulti = new SymbolModel(GPS_MULTI_SYMBOLS);
  private readonly gps0Diff = new SymbolModel(5);
  private readonly icGps = new IntegerCompressor(this.encGps, 32, 9);

  private readonly medianX = Array.from({ length: 12 }, () => new Median5());
  private readonly medianY = Array.from({ length: 12 }, () => new Median5());
  private readonly lastZ: number[];
  private readonly lastIntensity: number[];
  /** LASzip's four GPS time sequences: the last time of each, its last difference, and which is current and which next */
  private readonly lastGps: bigint[];
  private readonly lastGpsDiff = [0, 0, 0, 0];
  private current = 0;
  private next = 0;
  private last: Point14;

  constructor(first: Point14, firstGpsBits: bigint) {
    this.last = first;
    this.lastZ = new Array(8).fill(first.z);
    this.lastIntensity = new Array(8).fill(first.intensity);
    this.lastGps = [firstGpsBits, 0n, 0n, 0n];
  }

  /** `p`, read from `at` of `dv` */
  write(p: Point14, dv: DataView, at: number): void {
    const last = this.last;
    const lpr = (last.r === 1 ? 1 : 0) + (last.r >= last.n ? 2 : 0) + (last.gpsChange ? 4 : 0);
    const sourceChange = p.source !== last.source;
    const gpsChange = p.gps !== last.gps;
    const angleChange = p.scanAngle !== last.scanAngle;
    let changedValues = (Number(sourceChange) << 5) | (Number(gpsChange) << 4) | (Number(angleChange) << 3) | (Number(p.n !== last.n) << 2);
    if (p.r !== last.r) changedValues |= p.r === (last.r + 1) % 16 ? 1 : p.r === (last.r + 15) % 16 ? 2 : 3;
    this.encXY.encodeSymbol(this.changedValues[lpr], changedValues);
    if (changedValues & 4) this.encXY.encodeSymbol(this.numberOfReturns(last.n), p.n);
    if ((changedValues & 3) === 3) {
      if (gpsChange) this.encXY.encodeSymbol(this.returnNumber(last.r), p.r);
      else {
        const diff = p.r - last.r;
        this.encXY.encodeSymbol(this.returnNumberGpsSame, diff > 1 ? diff - 2 : diff + 16 - 2);
      }
    }

    const m = RETURN_MAP_6[p.n][p.r];
    const l = returnLevel(p.n, p.r);
    const cpr = (p.r === 1 ? 1 : 0) + (p.r >= p.n ? 2 : 0);
    const single = p.n === 1 ? 1 : 0;
    const g = Number(gpsChange);
    const mx = this.medianX[(m << 1) | g];
    const dx = (p.x - last.x) | 0;
    this.icX.compress(mx.get(), dx, single);
    mx.add(dx);
    const kx = this.icX.k;
    const my = this.medianY[(m << 1) | g];
    const dy = (p.y - last.y) | 0;
    this.icY.compress(my.get(), dy, single + (kx < 20 ? kx & ~1 : 20));
    my.add(dy);
    const kz = (this.icX.k + this.icY.k) >> 1;
    this.icZ.compress(this.lastZ[l], p.z, single + (kz < 18 ? kz & ~1 : 18));
    this.lastZ[l] = p.z;

    if (p.cls !== last.cls) this.changed.cls = true;
    this.encClass.encodeSymbol(this.classification(((last.cls & 0x1f) << 1) + (cpr === 3 ? 1 : 0)), p.cls);
    if (p.flags !== last.flags) this.changed.flags = true;
    this.encFlags.encodeSymbol(this.flagModels(last.flags), p.flags);
    if (p.intensity !== last.intensity) this.changed.intensity = true;
    const ki = (cpr << 1) | g;
    this.icIntensity.compress(this.lastIntensity[ki], p.intensity, cpr);
    this.lastIntensity[ki] = p.intensity;
    if (angleChange) {
      this.changed.angle = true;
      this.icAngle.compress(last.scanAngle, p.scanAngle, g);
    }
    if (p.userData !== last.userData) this.changed.user = true;
    this.encUser.encodeSymbol(this.userData(last.userData >> 2), p.userData);
    if (sourceChange) {
      this.changed.source = true;
      this.icSource.compress(last.source, p.source, 0);
    }
    if (gpsChange) {
      this.changed.gps = true;
      this.writeGps(gpsBits(dv, at));
    }
    p.gpsChange = gpsChange;
    this.last = p;
  }

  /**
   * A GPS time as a difference from the current sequence's last where it fits 32 bits, else in full
   * as a new sequence. LASzip's decoder follows whichever code the writer chose, so the writer may
   * leave out LASzip's multiplier prediction and its search of the other sequences.
   */
  private writeGps(bits: bigint): void {
    const c = this.current;
    const diff = BigInt.asIntN(64, bits - this.lastGps[c]);
    const fits = fitsInt32(diff);
    if (this.lastGpsDiff[c] === 0) {
      this.encGps.encodeSymbol(this.gps0Diff, fits ? 0 : 1);
      if (fits) {
        this.icGps.compress(0, Number(diff), 0);
        this.lastGpsDiff[c] = Number(diff);
      }
    } else {
      this.encGps.encodeSymbol(this.gpsMulti, fits ? 1 : GPS_MULTI_CODE_FULL);
      if (fits) this.icGps.compress(this.lastGpsDiff[c], Number(diff), 1);
    }
    if (!fits) {
      this.icGps.compress(high32(this.lastGps[c]), high32(bits), 8);
      this.encGps.writeBits(32, Number(BigInt.asUintN(32, bits)));
      this.next = (this.next + 1) & 3;
      this.current = this.next;
      this.lastGpsDiff[this.current] = 0;
    }
    this.lastGps[this.current] = bits;
  }

  layers(): Uint8Array[] {
    const c = this.changed;
    const optional = (enc: ArithmeticEncoder, changed: boolean) => (changed ? enc.done() : new Uint8Array(0));
    return [
      this.encXY.done(),
      this.encZ.done(),
      optional(this.encClass, c.cls),
      optional(this.encFlags, c.flags),
      optional(this.encIntensity, c.intensity),
      optional(this.encAngle, c.angle),
      optional(this.encUser, c.user),
      optional(this.encSource, c.source),
      optional(this.encGps, c.gps),
    ];
  }
}

class Rgb14Layer {
  private readonly enc = new ArithmeticEncoder();
  private readonly byteUsed = new SymbolModel(128);
  private readonly diff = Array.from({ length: 6 }, () => new SymbolModel(256));
  private changed = false;

  constructor(private last: number[]) {}

  write(rgb: number[]): void {
    const last = this.last;
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
    this.last = rgb;
  }

  layers(): Uint8Array[] {
    return [this.changed ? this.enc.done() : new Uint8Array(0)];
  }
}

/** RGBNIR14's near infrared layer: its low and high bytes, each coded where it changed as its difference from the point before's. */
class Nir14Layer {
  private readonly enc = new ArithmeticEncoder();
  private readonly byteUsed = new SymbolModel(4);
  private readonly diff = [new SymbolModel(256), new SymbolModel(256)];
  private changed = false;

  constructor(private last: number) {}

  write(nir: number): void {
    const sym = Number((nir & 0xff) !== (this.last & 0xff)) | (Number(nir >> 8 !== this.last >> 8) << 1);
    this.enc.encodeSymbol(this.byteUsed, sym);
    if (sym & 1) this.enc.encodeSymbol(this.diff[0], fold((nir & 0xff) - (this.last & 0xff)));
    if (sym & 2) this.enc.encodeSymbol(this.diff[1], fold((nir >> 8) - (this.last >> 8)));
    if (sym) this.changed = true;
    this.last = nir;
  }

  layers(): Uint8Array[] {
    return [this.changed ? this.enc.done() : new Uint8Array(0)];
  }
}

/** BYTE14: each extra byte its own layer, coded as its difference from the point before. */
class Byte14Layers {
  private readonly encs: ArithmeticEncoder[];
  private readonly models: SymbolModel[];
  private readonly changed: boolean[];

  constructor(private readonly last: Uint8Array) {
    this.encs = Array.from(last, () => new ArithmeticEncoder());
    this.models = Array.from(last, () => new SymbolModel(256));
    this.changed = Array.from(last, () => false);
  }

  write(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const diff = bytes[i] - this.last[i];
      this.encs[i].encodeSymbol(this.models[i], fold(diff));
      if (diff) {
        this.changed[i] = true;
        this.last[i] = bytes[i];
      }
    }
  }

  layers(): Uint8Array[] {
    return this.encs.map((enc, i) => (this.changed[i] ? enc.done() : new Uint8Array(0)));
  }
}

/** Compresses `count` records of `layout`, from the start of `records`, into one chunk. */
export function compressChunk(records: Uint8Array, count: number, layout: PointLayout): Uint8Array {
  const size = recordBytes(layout);
  if (count < 1 || records.length < count * size) throw new Error(`a chunk needs ${count} records of ${size} bytes`);
  const dv = new DataView(records.buffer, records.byteOffset, records.byteLength);
  const rgbAt = POINT14_BYTES;
  const nirAt = POINT14_BYTES + RGB14_BYTES;
  const extraAt = POINT14_BYTES + colorItemBytes(layout);
  const rgb = (o: number) => [0, 2, 4].map((k) => dv.getUint16(o + rgbAt + k, true));
  const point = new Point14Layers(readPoint14(dv, 0), gpsBits(dv, 0));
  const colour = layout.rgb || layout.nir ? new Rgb14Layer(rgb(0)) : undefined;
  const nir = layout.nir ? new Nir14Layer(dv.getUint16(nirAt, true)) : undefined;
  const extra = layout.extraBytes ? new Byte14Layers(records.slice(extraAt, extraAt + layout.extraBytes)) : undefined;
  for (let i = 1, o = size; i < count; i++, o += size) {
    point.write(readPoint14(dv, o), dv, o);
    colour?.write(rgb(o));
    nir?.write(dv.getUint16(o + nirAt, true));
    extra?.write(records.subarray(o + extraAt, o + extraAt + layout.extraBytes));
  }
  const layers = [...point.layers(), ...(colour?.layers() ?? []), ...(nir?.layers() ?? []), ...(extra?.layers() ?? [])];
  const total = size + 4 + 4 * layers.length + layers.reduce((s, l) => s + l.length, 0);
  const out = new Uint8Array(total);
  const odv = new DataView(out.buffer);
  out.set(records.subarray(0, size));
  let at = size;
  odv.setUint32(at, count, true);
  at += 4;
  for (const l of layers) {
    odv.setUint32(at, l.length, true);
    at += 4;
  }
  for (const l of layers) {
    out.set(l, at);
    at += l.length;
  }
  return out;
}
