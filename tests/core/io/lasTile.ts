// A LAS tile in which every attribute of every point is set, to values that differ from point to
// point, for the tests that a LAS read and written back keeps them all.
import { lasHeaderOf, recordLayout } from '../../../src/core/io/lasHeader';
import type { PointCloud } from '../../../src/core/types';
import { extraBytesRecord, lasFile } from './helpers';

export const N = 300;
const SCALE = 0.01;
const OFFSET = [512000.5, 5403000.25, 100];
/** after each record's own fields: a 16-bit amplitude and a float deviation, as Extra Bytes dimensions */
const EXTRA = extraBytesRecord([{ name: 'amplitude', type: 3 }, { name: 'deviation', type: 9 }]);

/** A survey's points: positions on the grid, their index as intensity, classes 0-31. */
export function survey(): PointCloud {
  const positions = Float32Array.from({ length: 3 * N }, (_, j) => ((Math.floor(j / 3) * [37, 53, 11][j % 3]) % 900) * SCALE);
  return {
    kind: 'points',
    positions,
    colors: Uint8Array.from({ length: 3 * N }, (_, k) => (k * 41) % 256),
    fields: { instance: Uint16Array.from({ length: N }, (_, i) => 1000 + i * 17), label: Uint8Array.from({ length: N }, (_, i) => i % 32) },
  };
}

/** Point `i`'s return, of how many, in a pulse of up to `max` returns. */
const pulse = (i: number, max: number) => ({ returns: 1 + (i % max), r: 1 + (Math.floor(i / max) % (1 + (i % max))) });

/**
 * A LAS 1.4 of point `format` in which every attribute of every point is set, each to values that
 * differ from point to point: returns, scan direction and edge, flags, scanner channel, class (past
 * 31 in formats 6-10), scan angle, user data, source id, GPS time (but in format 2), 16-bit colours `colorOf`, near
 * infrared, and two extra dimensions.
 */
export function tile(format: number, colorOf: (i: number, c: number) => number = (i, c) => ((i * 41 + c * 97) % 256) * 257): Uint8Array {
  const layout = recordLayout(format);
  const extended = format >= 6;
  return lasFile(survey(), {
    minor: 4,
    format,
    scale: SCALE,
    offset: OFFSET,
    records: [EXTRA],
    extraBytes: 6,
    fill(dv, at, i) {
      const { returns, r } = pulse(i, extended ? 15 : 7);
      const sd = i % 2;
      const edge = Math.floor(i / 2) % 2;
      dv.setUint8(at + 14, r | (returns << layout.returnBits) | (extended ? 0 : (sd << 6) | (edge << 7)));
      const flags = (i * 5) % (1 << layout.flags);
      if (extended) {
        dv.setUint8(at + 15, flags | ((i % 4) << 4) | (sd << 6) | (edge << 7));
        dv.setUint8(at + 16, (i * 7) % 256);
        dv.setInt16(at + 18, ((i * 331) % 60_001) - 30_000, true);
      } else {
        dv.setUint8(at + 15, (i % 32) | (flags << 5));
        dv.setInt8(at + 16, (i % 181) - 90);
      }
      dv.setUint8(at + 17, (i * 13) % 256);
      dv.setUint16(at + layout.sourceAt, 40_000 + i, true);
      if (layout.gpsAt !== undefined) dv.setFloat64(at + layout.gpsAt, 3.1e8 + i * 0.0137, true);
      if (layout.colorAt !== undefined) for (let c = 0; c < 3; c++) dv.setUint16(at + layout.colorAt + 2 * c, colorOf(i, c), true);
      if (layout.nirAt !== undefined) dv.setUint16(at + layout.nirAt, 65_535 - i * 101, true);
      dv.setUint16(at + layout.bytes, 7 * i, true);
      dv.setFloat32(at + layout.bytes + 2, i / 8 - 10, true);
    },
  });
}

/** The point records of a LAS. */
export function records(las: Uint8Array): Uint8Array {
  const h = lasHeaderOf(las);
  return las.subarray(h.dataOffset, h.dataOffset + h.count * h.recordLength);
}


/** 16-bit colours whose low bytes are not 0: more than 8 bits give back (51234 is 200 * 256 + 34). */
export const fullColors = (i: number, c: number) => (51_234 + i * 211 + c * 4_099) % 65_536;
