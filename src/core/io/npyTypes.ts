// NumPy's number types as an .npy header names them ("f4", "u2", ...): how many bytes a value takes,
// and how to read one.
import { InputError } from '../types';
import { halfToNumber } from './halfFloat';
import { eightBitColors } from './colorDepth';

export const ELEMENT_SIZE: Record<string, number> = { f2: 2, f4: 4, f8: 8, i1: 1, u1: 1, b1: 1, i2: 2, u2: 2, i4: 4, u4: 4, i8: 8, u8: 8 };

/** Whether values of a NumPy type hold more than a 32-bit float keeps (doubles, 32- and 64-bit integers). */
export const isWiderThanFloat32 = (dtype: string) => ELEMENT_SIZE[dtype] >= 4 && dtype !== 'f4';

export type ValueReader = (dv: DataView, at: number) => number;

export function valueReader(dtype: string, le: boolean): ValueReader {
  switch (dtype) {
    case 'f2':
      return (dv, at) => halfToNumber(dv.getUint16(at, le));
    case 'f4':
      return (dv, at) => dv.getFloat32(at, le);
    case 'f8':
      return (dv, at) => dv.getFloat64(at, le);
    case 'i1':
      return (dv, at) => dv.getInt8(at);
    case 'u1':
    case 'b1':
      return (dv, at) => dv.getUint8(at);
    case 'i2':
      return (dv, at) => dv.getInt16(at, le);
    case 'u2':
      return (dv, at) => dv.getUint16(at, le);
    case 'i4':
      return (dv, at) => dv.getInt32(at, le);
    case 'u4':
      return (dv, at) => dv.getUint32(at, le);
    case 'i8':
      return (dv, at) => Number(dv.getBigInt64(at, le));
    case 'u8':
      return (dv, at) => Number(dv.getBigUint64(at, le));
    default:
      throw new InputError(`holds NumPy type "${dtype}", which is not a number type pointlens reads`);
  }
}

/**
 * Colours of `n` points from the values of an array of NumPy type `dtype`: 0..1, 0..255 (ScanNet's
 * floats) or 16-bit (PDAL's from LAS), as colorDepth tells them; a float type says nothing of which,
 * as every column of the array has it. `notes` gets what the values left unsaid.
 */
export function npyColors(values: ArrayLike<number>, at: (i: number) => number, n: number, dtype: string, notes?: string[]): Uint8Array {
  return eightBitColors(values, 3 * n, at, dtype.startsWith('f') ? 'unsaid' : 'integers', notes);
}
