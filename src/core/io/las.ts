// LAS 1.0-1.3 and LAZ (https://www.asprs.org/divisions-committees/lidar-division/laser-las-file-format-exchange-activities)
// through loaders.gl's LAS loader (laz-perf for the compressed form). We check the header against
// the file size first: loaders.gl would read a truncated file's missing points as garbage.
import { LASLoader } from '@loaders.gl/las';
import { InputError, type PointCloud, type ScalarArray } from '../types';
import type { FormatLoader, LoaderContext, LoadedGeometry } from './loader';

const HEADER_SIZE_12 = 227;

function checkHeader(bytes: Uint8Array): void {
  if (bytes.length < HEADER_SIZE_12) throw new InputError(`is truncated: a LAS header takes ${HEADER_SIZE_12} bytes, the file has ${bytes.length}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = dv.getUint8(24);
  const minor = dv.getUint8(25);
  if (major !== 1 || minor > 3) throw new InputError(`is LAS ${major}.${minor}; pointlens reads LAS 1.0 to 1.3`);
  const formatByte = dv.getUint8(104);
  const compressed = (formatByte & 0xc0) !== 0;
  const pointFormat = formatByte & 0x3f;
  if (pointFormat > 3) throw new InputError(`uses LAS point format ${pointFormat}; pointlens reads formats 0 to 3`);
  const dataOffset = dv.getUint32(96, true);
  const recordLength = dv.getUint16(105, true);
  const count = dv.getUint32(107, true);
  if (!compressed && dataOffset + count * recordLength > bytes.length) {
    throw new InputError(
      `declares ${count} points (${count * recordLength} bytes from byte ${dataOffset}), but the file has ${bytes.length} bytes: it is truncated or its header is wrong`,
    );
  }
}

type Attribute = { value: ScalarArray; size: number };

/**
 * Georeferenced LAS files hold coordinates such as UTM eastings (~5e5 m); the app keeps positions
 * as 32-bit floats, whose spacing there is centimetres or worse. Said, not hidden.
 */
function precisionWarnings(header: { boundingBox?: number[][] }): string[] {
  const box = header.boundingBox;
  if (!box) return [];
  const largest = Math.max(...box.flat().map(Math.abs));
  const spacing = largest * 2 ** -23;
  return spacing > 0.001
    ? [`coordinates reach ${Math.round(largest)}; as 32-bit floats they keep only about ${spacing.toPrecision(2)} units of precision`]
    : [];
}

export async function parseLas(bytes: Uint8Array, context?: Pick<LoaderContext, 'onProgress'>): Promise<LoadedGeometry> {
  checkHeader(bytes);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const mesh = LASLoader.parseSync!(buffer, {
    // 'auto' tells 8-bit from 16-bit colours by their values; the spec says 16 bits but many writers use 8
    las: { shape: 'mesh', fp64: false, skip: 1, colorDepth: 'auto' },
    onProgress: (batch: { progress?: number }) => context?.onProgress?.(batch.progress ?? 0),
  }) as unknown as { attributes: Record<string, Attribute | undefined>; header: { boundingBox?: number[][] } };
  const a = mesh.attributes;
  const position = a.POSITION;
  if (!position) throw new InputError('has no points');
  const n = position.value.length / 3;
  const cloud: PointCloud = { kind: 'points', positions: Float32Array.from(position.value), fields: {} };
  const color = a.COLOR_0;
  if (color) {
    const rgb = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) rgb[i * 3 + k] = color.value[i * color.size + k];
    cloud.colors = rgb;
  }
  for (const [name, attr] of Object.entries(a)) {
    if (attr && name !== 'POSITION' && name !== 'COLOR_0' && attr.size === 1) cloud.fields[name] = attr.value;
  }
  // LiDAR is z-up by definition (z is elevation)
  return { data: cloud, upAxis: 'z', warnings: precisionWarnings(mesh.header) };
}

export const lasLoader: FormatLoader = {
  id: 'las',
  name: 'LAS',
  extensions: ['.las', '.laz'],
  strong: true,
  sniff: (b) => b[0] === 0x4c && b[1] === 0x41 && b[2] === 0x53 && b[3] === 0x46,
  parse: (bytes, context) => parseLas(bytes, context),
};
