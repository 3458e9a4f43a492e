// LZF decompression (liblzf's format: literal runs and back-references), used by PCD's
// binary_compressed bodies (https://pointclouds.org/documentation/tutorials/pcd_file_format.html).
import { InputError } from '../types';

/**
 * The most output one input byte can give: the longest back-reference, 3 bytes, copies 264
 * (7 + 255 + 2). A declared size beyond input x this is a lie, refused before allocating it.
 */
export const LZF_MAX_EXPANSION = 88;

export function decompressLzf(input: Uint8Array, outLength: number): Uint8Array {
  if (outLength > input.length * LZF_MAX_EXPANSION) {
    throw new InputError(`has corrupt compressed (LZF) data: ${input.length} bytes cannot expand to the ${outLength} its header declares`);
  }
  const out = new Uint8Array(outLength);
  let ip = 0;
  let op = 0;
  const bad = () => new InputError('has corrupt compressed (LZF) data');
  while (ip < input.length) {
    const ctrl = input[ip++];
    if (ctrl < 32) {
      // a run of ctrl + 1 literal bytes
      const len = ctrl + 1;
      if (op + len > outLength || ip + len > input.length) throw bad();
      out.set(input.subarray(ip, ip + len), op);
      ip += len;
      op += len;
    } else {
      // a copy of len + 2 bytes from `back` bytes behind the output
      let len = ctrl >> 5;
      if (len === 7) {
        if (ip >= input.length) throw bad();
        len += input[ip++];
      }
      if (ip >= input.length) throw bad();
      const back = ((ctrl & 31) << 8) + input[ip++] + 1;
      let ref = op - back;
      len += 2;
      if (ref < 0 || op + len > outLength) throw bad();
      while (len--) out[op++] = out[ref++];
    }
  }
  if (op !== outLength) throw bad();
  return out;
}
