// glTF 2.0 accessors (https://registry.khronos.org/glTF/specs/2.0/glTF-2.0.html#accessors): typed
// views into the file's buffers. Every offset, stride and count is checked against the bytes that
// are there before anything is read, so a lying accessor is refused rather than read past its view;
// and its values are counted against the read budget before they are allocated. Only the bytes an
// accessor spans are read of its buffer, which may be a file on disk.
import { InputError, type RangedFile } from '../types';
import { checkBudget } from './limits';

export interface GltfAccessor {
  bufferView?: number;
  byteOffset?: number;
  componentType: number;
  normalized?: boolean;
  count: number;
  type: string;
  sparse?: unknown;
}

export interface GltfBufferView {
  buffer: number;
  byteOffset?: number;
  byteLength: number;
  byteStride?: number;
}

const COMPONENT_BYTES: Record<number, number> = { 5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4 };
const COMPONENTS: Record<string, number> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4, MAT2: 4, MAT3: 9, MAT4: 16 };

/** A buffer of the file, read by byte range: held in memory (a GLB's chunk, a data address) or on disk. */
export type GltfBuffer = Pick<RangedFile, 'size' | 'read'>;

/** What an accessor's values are read from: buffer `k` as the file lists it, found when an accessor first needs it (undefined past the last). */
export interface GltfData {
  accessors: GltfAccessor[];
  bufferViews: GltfBufferView[];
  buffer(k: number): GltfBuffer | undefined;
}

/** A buffer held in memory. */
export const bytesBuffer = (bytes: Uint8Array): GltfBuffer => ({ size: bytes.length, read: (begin, end) => bytes.subarray(begin, end) });

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * Accessor `index` as numbers, `components` a value (VEC3: 3): floats as they are, integers as
 * they are or, where `normalized`, scaled to 0..1 (-1..1 for signed types) as the spec says.
 * `bytesEach`: what an element will take once read, where the reader keeps more of it than its values.
 */
export function readAccessor(data: GltfData, index: number, what: string, bytesEach = 0): { values: Float64Array | Float32Array | Uint32Array; components: number; count: number } {
  const a = data.accessors[index];
  if (!a || typeof a !== 'object') throw new InputError(`refers to accessor ${index} for its ${what}, but lists ${data.accessors.length}`);
  const size = COMPONENT_BYTES[a.componentType];
  const components = COMPONENTS[a.type];
  if (!size || !components) throw new InputError(`has accessor ${index} (${what}) of an unknown type: ${String(a.type)} of component ${String(a.componentType)}`);
  if (!isCount(a.count)) throw new InputError(`has accessor ${index} (${what}) with a bad count "${String(a.count)}"`);
  if (a.sparse !== undefined) throw new InputError(`has a sparse accessor (${index}, ${what}), which pointlens does not read`);
  if (a.bufferView === undefined) throw new InputError(`has accessor ${index} (${what}) with no buffer view: all its values would be zero`);
  const view = data.bufferViews[a.bufferView];
  if (!view || !isCount(view.byteLength) || !isCount(view.buffer) || !isCount(view.byteOffset ?? 0)) {
    throw new InputError(`has accessor ${index} (${what}) in buffer view ${a.bufferView}, which is missing or malformed`);
  }
  const buffer = data.buffer(view.buffer);
  if (!buffer) throw new InputError(`has buffer view ${a.bufferView} in buffer ${view.buffer}, which is missing`);
  const viewStart = view.byteOffset ?? 0;
  if (viewStart + view.byteLength > buffer.size) {
    throw new InputError(`has buffer view ${a.bufferView} of ${view.byteLength} bytes at ${viewStart}, past the end of its buffer (${buffer.size} bytes)`);
  }
  const element = size * components;
  const stride = view.byteStride ?? element;
  const offset = a.byteOffset ?? 0;
  if (!isCount(offset) || !isCount(stride) || stride < element) throw new InputError(`has accessor ${index} (${what}) with a bad offset or stride`);
  if (a.count > 0 && offset + stride * (a.count - 1) + element > view.byteLength) {
    throw new InputError(`has accessor ${index} (${what}) of ${a.count} values that run past its buffer view (${view.byteLength} bytes)`);
  }
  const float = a.componentType === 5126;
  const valueBytes = float ? 4 : a.normalized ? 8 : 4;
  checkBudget(a.count, Math.max(bytesEach, components * valueBytes), what);
  const span = a.count > 0 ? stride * (a.count - 1) + element : 0;
  const bytes = buffer.read(viewStart + offset, viewStart + offset + span);
  if (bytes.length < span) throw new InputError(`has accessor ${index} (${what}) of ${span} bytes, but its buffer ends after ${bytes.length} of them: it is truncated`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, span);
  const n = a.count * components;
  const out = float ? new Float32Array(n) : a.normalized ? new Float64Array(n) : new Uint32Array(n);
  const get: (at: number) => number = {
    5120: (at: number) => dv.getInt8(at),
    5121: (at: number) => dv.getUint8(at),
    5122: (at: number) => dv.getInt16(at, true),
    5123: (at: number) => dv.getUint16(at, true),
    5125: (at: number) => dv.getUint32(at, true),
    5126: (at: number) => dv.getFloat32(at, true),
  }[a.componentType]!;
  // the spec's normalisation: unsigned by the largest value, signed by the largest and clamped at -1
  const scale = a.normalized && !float ? { 5120: 127, 5121: 255, 5122: 32767, 5123: 65535, 5125: 4294967295 }[a.componentType]! : 1;
  for (let i = 0; i < a.count; i++) {
    const at = i * stride;
    for (let c = 0; c < components; c++) {
      const v = get(at + c * size);
      out[i * components + c] = scale === 1 ? v : Math.max(-1, v / scale);
    }
  }
  return { values: out, components, count: a.count };
}
