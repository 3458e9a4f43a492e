// LAS 1.0-1.3 and LAZ (https://www.asprs.org/divisions-committees/lidar-division/laser-las-file-format-exchange-activities).
// Uncompressed points are fixed-size records, read by our own decoder (lasRecords), the same one
// that reads a LAS file as a stream; LAZ goes through loaders.gl's LAS loader (laz-perf), whole.
// We check the header against the file size first: loaders.gl reads whatever bytes the header
// points at, so a point-data offset inside the header gives the header back as points, and a
// truncated file's missing points come back as garbage.
import { LASLoader } from '@loaders.gl/las';
import { InputError, type PointCloud, type ScalarArray } from '../types';
import type { FormatLoader, LoaderContext, LoadedGeometry } from './loader';
import { checkBudget } from './limits';
import { checkLazChunks, DECODED_BYTES_PER_POINT, isLas, LAZ_DECODED_BYTES_PER_POINT, lasHeaderOf } from './lasHeader';
import { checkedAgainstHeader, CLASS_BITS, countFlags, flagWarnings, lasOrigin, lasRecords } from './lasRecords';
import { readRecords } from './recordStream';

type Attribute = { value: ScalarArray; size: number };

type LasMesh = { attributes: Record<string, Attribute | undefined> };

function decodeLaz(bytes: Uint8Array, context?: Pick<LoaderContext, 'onProgress'>): LasMesh {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    return LASLoader.parseSync!(buffer, {
      // 'auto' tells 8-bit from 16-bit colours by their values; the spec says 16 bits but many writers use 8
      // doubles, so that far coordinates are shifted before they are rounded to 32-bit floats
      las: { shape: 'mesh', fp64: true, skip: 1, colorDepth: 'auto' },
      onProgress: (batch: { progress?: number }) => context?.onProgress?.(batch.progress ?? 0),
    }) as unknown as LasMesh;
  } catch {
    // laz-perf says only "Failed to open file: undefined"; what the user can act on is this
    throw new InputError('has LAZ data that could not be decompressed: the file is corrupt, truncated, or not written by LASzip');
  }
}

export async function parseLas(bytes: Uint8Array, context?: Pick<LoaderContext, 'onProgress'>): Promise<LoadedGeometry> {
  const h = lasHeaderOf(bytes);
  checkBudget(h.count, DECODED_BYTES_PER_POINT, 'points');
  if (!h.compressed) return readRecords(lasRecords(h), bytes, context?.onProgress);
  checkBudget(h.count, LAZ_DECODED_BYTES_PER_POINT, 'points');
  checkLazChunks(bytes, h);
  const a = decodeLaz(bytes, context).attributes;
  const position = a.POSITION;
  if (!position) throw new InputError('has no points');
  const n = position.value.length / 3;
  const origin = lasOrigin(h);
  const positions = new Float32Array(3 * n);
  for (let i = 0; i < 3 * n; i++) positions[i] = position.value[i] - (origin?.[i % 3] ?? 0);
  const cloud: PointCloud = { kind: 'points', positions, fields: {} };
  const color = a.COLOR_0;
  if (color) {
    const rgb = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) rgb[i * 3 + k] = color.value[i * color.size + k];
    cloud.colors = rgb;
  }
  for (const [name, attr] of Object.entries(a)) {
    if (attr && name !== 'POSITION' && name !== 'COLOR_0' && attr.size === 1) cloud.fields[name] = attr.value;
  }
  // loaders.gl gives the classification byte whole: its class and its flags apart, as the stream reader reads them
  const classified = cloud.fields.classification;
  const flagged = [0, 0, 0];
  if (classified) {
    cloud.fields.classification = Uint8Array.from(classified, (c) => c & CLASS_BITS);
    for (const c of classified) countFlags(c, flagged);
  }
  const read = checkedAgainstHeader(cloud, h, origin);
  return { ...read, warnings: [...(read.warnings ?? []), ...flagWarnings(flagged)] };
}

export const lasLoader: FormatLoader = {
  id: 'las',
  name: 'LAS',
  extensions: ['.las', '.laz'],
  strong: true,
  // lidar's format: aerial and street surveys, buildings, rooms; its coordinates are a survey's
  scansOnly: true,
  upDefined: true,
  sniff: isLas,
  parse: (bytes, context) => parseLas(bytes, context),
};
