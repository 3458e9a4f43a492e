// PLY's scalar types, by every name the spec and common writers use, with the typed array that
// keeps each one without loss.
import type { ScalarArray } from '../types';

export type PlyTypeName = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

export interface PlyType {
  name: PlyTypeName;
  size: number;
  float: boolean;
}

const t = (name: PlyTypeName, size: number, float = false): PlyType => ({ name, size, float });
const INT8 = t('int8', 1);
const UINT8 = t('uint8', 1);
const INT16 = t('int16', 2);
const UINT16 = t('uint16', 2);
const INT32 = t('int32', 4);
const UINT32 = t('uint32', 4);
const FLOAT32 = t('float32', 4, true);
const FLOAT64 = t('float64', 8, true);

export const plyTypes: Record<string, PlyType | undefined> = {
  char: INT8,
  int8: INT8,
  uchar: UINT8,
  uint8: UINT8,
  short: INT16,
  int16: INT16,
  ushort: UINT16,
  uint16: UINT16,
  int: INT32,
  int32: INT32,
  uint: UINT32,
  uint32: UINT32,
  float: FLOAT32,
  float32: FLOAT32,
  double: FLOAT64,
  float64: FLOAT64,
};

export function scalarArrayFor(type: PlyType, n: number): ScalarArray {
  switch (type.name) {
    case 'int8':
      return new Int8Array(n);
    case 'uint8':
      return new Uint8Array(n);
    case 'int16':
      return new Int16Array(n);
    case 'uint16':
      return new Uint16Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'uint32':
      return new Uint32Array(n);
    case 'float32':
      return new Float32Array(n);
    case 'float64':
      return new Float64Array(n);
  }
}

/** The PLY type name a typed array is written as (the inverse of scalarArrayFor). */
export function plyTypeOf(a: ScalarArray): PlyType {
  if (a instanceof Int8Array) return INT8;
  if (a instanceof Uint8Array) return UINT8;
  if (a instanceof Int16Array) return INT16;
  if (a instanceof Uint16Array) return UINT16;
  if (a instanceof Int32Array) return INT32;
  if (a instanceof Uint32Array) return UINT32;
  if (a instanceof Float64Array) return FLOAT64;
  return FLOAT32;
}

/** The values each integer type holds. */
export const INTEGER_RANGE: Partial<Record<PlyTypeName, [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};
