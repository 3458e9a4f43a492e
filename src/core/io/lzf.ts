// LZF decompression (liblzf's format: literal runs and back-references), used by PCD's
// binary_compressed bodies (https://pointclouds.org/documentation/tutorials/pcd_file_format.html).
import { InputError } from '../types';

export function decompressLzf(input: Uint8Array, outLength: number): Uint8Array {
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
