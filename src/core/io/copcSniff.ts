// Whether bytes are a COPC file, without the COPC reader (the LAS loader asks, to say so).
export const LAS14_HEADER_BYTES = 375;
export const VLR_HEADER_BYTES = 54;

/** A fixed-width, NUL-padded ASCII field. */
export const text = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to)).replace(/\0+$/, '');

/** Bytes `isCopc` looks at: the header and the first record's header. */
export const COPC_SNIFF_BYTES = LAS14_HEADER_BYTES + VLR_HEADER_BYTES;

/** LAS 1.4 with the COPC info record first after the header (the spec's own test for a COPC file). */
export function isCopc(bytes: Uint8Array): boolean {
  return bytes.length >= COPC_SNIFF_BYTES && text(bytes, 0, 4) === 'LASF' && bytes[24] === 1 && bytes[25] === 4 && text(bytes, LAS14_HEADER_BYTES + 2, LAS14_HEADER_BYTES + 18) === 'copc';
}

