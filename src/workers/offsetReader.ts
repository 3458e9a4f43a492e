// Where a file read as it comes can be read at an offset too: a dropped file by slices, an address
// by HTTP range requests. A server that ignores Range (or fails one) leaves the file to be read as
// it comes alone, which says what that left unread.
import type { OffsetReader } from '../core/io/lasVlrs';
import { fileSource, rangeFetch } from './copcSource';

export function offsetReader(source: Blob | string): OffsetReader {
  if (typeof source !== 'string') return fileSource(source).get;
  return async (begin, end) => {
    try {
      // asked of the server, not the browser's cache, as lazRegionSource says why
      const response = await rangeFetch(source, begin, end, 'no-store');
      if (response.status !== 206) {
        await response.body?.cancel();
        return undefined;
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      return bytes.length === end - begin ? bytes : undefined;
    } catch {
      return undefined;
    }
  };
}
