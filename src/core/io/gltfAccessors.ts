// glTF 2.0 accessors (https://registry.khronos.org/glTF/specs/2.0/glTF-2.0.html#accessors): typed
// views into the file's buffers. Every offset, stride and count is checked against the bytes that
// are there before anything is read, so a lying accessor is refused rather than read past its view.
import { InputError } from '../types';

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

/** What an accessor's values are read from: the buffers, in the order the file lists them. */
export interface GltfData {
  accessors: GltfAccessor[];
  bufferViews: GltfBufferView[];
  buffers: Uint8Array[];
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * Accessor `index` as numbers, `components` a value (VEC3: 3): floats as they are, integers as
 * they are or, where `normalized`, scaled to 0..1 (-1..1 for signed types) as the spec says.
 */
export function readAccessor(data: GltfData, index: number, what: string): { values: Float64Array | Float32Array | Uint32Array; components: number; count: number } {
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
  const buffer = data.buffers[view.buffer];
  if (!buffer) throw new InputError(`has buffer view ${a.bufferView} in buffer ${view.buffer}, which is missing`);
  const viewStart = view.byteOffset ?? 0;
  if (viewStart + view.byteLength > buffer.length) {
    throw new InputError(`has buffer view ${a.bufferView} of ${view.byteLength} bytes at ${viewStart}, past the end of its buffer (${buffer.length} bytes)`);
  }
  const element = size * components;
  const stride = view.byteStride ?? element;
  const offset = a.byteOffset ?? 0;
  if (!isCount(offset) || !isCount(stride) || stride < element) throw new InputError(`has accessor ${index} (${what}) with a bad offset or stride`);
  if (a.count > 0 && offset + stride * (a.count - 1) + element > view.byteLength) {
    throw new InputError(`has accessor ${index} (${what}) of ${a.count} values that run past its buffer view (${view.byteLength} bytes)`);
  }
  const dv = new DataView(buffer.buffer, buffer.byteOffset + viewStart, view.byteLength);
  const n = a.count * components;
  const float = a.componentType === 5126;
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
    const at = offset + i * stride;
    for (let c = 0; c < components; c++) {
      const v = get(at + c * size);
      out[i * components + c] = scale === 1 ? v : Math.max(-1, v / scale);
    }
  }
  return { values: out, components, count: a.count };
}
